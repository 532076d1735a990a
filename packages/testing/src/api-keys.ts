/** The admin key every service under test is started with (ADMIN_API_KEY). */
export const testAdminKey = 'test-admin-key-not-a-secret';

/** Headers of a request made with the test admin key. */
export const adminAuth = { authorization: `Bearer ${testAdminKey}` } as const;
