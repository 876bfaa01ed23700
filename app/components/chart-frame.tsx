import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadPng, downloadSvg } from '#app/charts/download.client.ts';

/** A chart with its caption and SVG/PNG download buttons; the chart itself only draws. */
export function ChartFrame({
  title,
  fileName,
  note,
  children,
}: {
  title: string;
  fileName: string;
  note?: string;
  children: React.ReactNode;
}) {
  const { t } = useTranslation('analytics');
  const container = useRef<HTMLDivElement>(null);
  const chart = () => container.current?.querySelector('svg') ?? null;
  return (
    <figure className="chart-frame">
      <figcaption>
        <span className="chart-title">{title}</span>
        <span className="chart-actions">
          <button
            type="button"
            onClick={() => {
              const svg = chart();
              if (svg) downloadSvg(svg, fileName);
            }}
          >
            {t('downloadSvg')}
          </button>
          <button
            type="button"
            onClick={() => {
              const svg = chart();
              if (svg) void downloadPng(svg, fileName);
            }}
          >
            {t('downloadPng')}
          </button>
        </span>
      </figcaption>
      <div ref={container} className="chart-scroll">
        {children}
      </div>
      {note ? <p className="chart-note">{note}</p> : null}
    </figure>
  );
}
