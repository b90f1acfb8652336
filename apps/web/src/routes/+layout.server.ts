// Zero client JavaScript by default; the two pages that enhance something opt in with csr = true.
export const csr = false;
