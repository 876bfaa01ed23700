/** One product's volumes for a client: ours and the client's total with every bank, RUB. */
export interface ProductVolume {
  ourVolume: number | null;
  totalVolume: number | null;
}

export interface ShareOfBusiness {
  /** Our volume on the products where the client's total is known. */
  ourVolume: number;
  /** The client's total on those products. */
  totalVolume: number;
  /** ourVolume ÷ totalVolume in [0, 1]; null when no product has both figures. */
  share: number | null;
  /** Volume not yet served: totalVolume − ourVolume, the segment's potential. */
  unservedVolume: number;
  /** Products that had both figures. */
  products: number;
}

/**
 * Share of the client's business we serve (the source article, principle 1): over the products
 * whose total is known, Σ our volume ÷ Σ the client's total. Our volume counts at most the total
 * it is part of — a reported total below our own volume (statements lag behind our books) means
 * the product is fully served, not more than fully. Products without a total (or with a zero one)
 * say nothing about the share and are left out, as the screen's "where known" says.
 */
export function shareOfBusiness(volumes: readonly ProductVolume[]): ShareOfBusiness {
  let ourVolume = 0;
  let totalVolume = 0;
  let products = 0;
  for (const volume of volumes) {
    if (volume.totalVolume === null || !(volume.totalVolume > 0)) continue;
    const ours = Math.max(0, volume.ourVolume ?? 0);
    ourVolume += Math.min(ours, volume.totalVolume);
    totalVolume += volume.totalVolume;
    products += 1;
  }
  return {
    ourVolume,
    totalVolume,
    share: products === 0 ? null : ourVolume / totalVolume,
    unservedVolume: totalVolume - ourVolume,
    products,
  };
}
