import { hash, verify } from '@node-rs/argon2';

// Argon2id (the library's default) with its default memory cost (19 MiB, 2 passes): OWASP's minimum.
export const hashPassword = (password: string) => hash(password);

/** A hash of a password nobody has, verified when the user is unknown, so both cases take as long. */
const decoy = hash('decoy password that signs nobody in');

export async function passwordMatches(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verify(await decoy, password);
    return false;
  }
  return verify(passwordHash, password);
}
