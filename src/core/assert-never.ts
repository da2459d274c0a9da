// The compile-time exhaustiveness guard for a `switch` over a union's tags (the workers'
// message handlers use it): TypeScript refuses the call while a case is missing, and a
// message that slips past the types anyway fails loudly instead of being ignored.

export function assertNever(value: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(value)}`);
}
