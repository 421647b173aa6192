/**
 * The public Entra settings the tab's sign-in popup needs (tab/src/auth-popup.ts): the tab app's
 * client id and the SSO scope. Both are public (they are in the Teams manifest); no secret is served.
 * Without a tab client id (local mode) the route answers 404 and the popup reports a failure.
 */
export function tabAuthConfigRoutes(config: { TAB_CLIENT_ID?: string | undefined; TAB_APP_ID_URI?: string | undefined }) {
  return [
    {
      method: 'get' as const,
      path: '/auth-config',
      handler: async () =>
        config.TAB_CLIENT_ID
          ? {
              status: 200,
              body: { clientId: config.TAB_CLIENT_ID, scope: `${config.TAB_APP_ID_URI ?? `api://${config.TAB_CLIENT_ID}`}/access_as_user` },
            }
          : { status: 404, body: { error: 'NOT_FOUND' } },
    },
  ];
}
