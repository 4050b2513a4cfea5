/**
 * Where things live in the admin (react-router paths under /app). MLM pages link to each other
 * through these, so a page that moves changes one line.
 */
export const adminLinks = {
  customer: (customerId: string) => `/customers/${encodeURIComponent(customerId)}`,
  order: (orderId: string) => `/orders/${encodeURIComponent(orderId)}`,
  mlmOverview: () => "/mlm",
  mlmDistributor: (distributorId: string) => `/mlm/distributors/${encodeURIComponent(distributorId)}`,
  mlmLedger: (filters: { distributor_id?: string; order_id?: string } = {}) => {
    const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value) as [string, string][]).toString()
    return `/mlm/ledger${query ? `?${query}` : ""}`
  },
}
