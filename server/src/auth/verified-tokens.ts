/**
 * Access tokens this process has verified, by their text, until they expire: checking an HS256
 * signature and decoding the token (jsonwebtoken) was ~4 % of the CPU of a patrol points batch, and a
 * phone sends the same token with every batch. Only the signature and the claims are remembered;
 * whether the user is still active and the token's version still current is asked on every request
 * (AuthStateService), so revocation is as immediate as before. The text is the key: a token that
 * differs in one character is verified afresh.
 */
export class VerifiedTokens<P extends { exp?: unknown; nbf?: unknown }> {
  private readonly entries = new Map<string, { payload: P; exp: number }>();

  constructor(
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The payload of a remembered token, while jsonwebtoken would still accept it; else null. */
  get(token: string): P | null {
    const hit = this.entries.get(token);
    if (!hit) return null;
    // jsonwebtoken refuses a token once floor(now / 1000) >= exp.
    if (Math.floor(this.now() / 1000) >= hit.exp) {
      this.entries.delete(token);
      return null;
    }
    return hit.payload;
  }

  /** Remembers a token just verified: only one with an expiry and no not-before (nothing else to re-check). */
  remember(token: string, payload: P): void {
    if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp) || payload.nbf !== undefined) return;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { payload, exp: payload.exp });
  }

  get size(): number {
    return this.entries.size;
  }
}
