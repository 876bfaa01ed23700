import { ApiProblem, problemResponse } from '#app/api/problem.server.ts';

// Any other path under /api/v1 answers as the API does (problem+json), not with the staff 404 page.
const unknownPath = () => problemResponse(new ApiProblem(404, 'No such API path; see /api/v1/openapi.json.'));
export const loader = unknownPath;
export const action = unknownPath;
