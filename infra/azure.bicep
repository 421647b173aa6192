// Azure resources for the Oppijanumeropalvelu Teams app: one Linux App Service (bot + tab + API on
// one origin) and a single-tenant Azure Bot registration with the Teams channel.
// Deployed by the arm/deploy step in teamsapp.yml with infra/azure.parameters.json; the outputs
// (UPPER_CASE names) are written back to env/.env.<env> by the Toolkit.
// App setting names are the environment variables read by bot/config.ts.

@description('Toolkit environment name (dev, prod, ...); part of every resource name.')
@maxLength(10)
param environmentName string

@description('Makes names globally unique (web app host, bot handle). Empty: derived from the resource group id.')
@maxLength(12)
param resourceSuffix string = ''

@description('Location of the App Service resources (the bot registration itself is global).')
param location string = resourceGroup().location

@description('App Service plan SKU. B1 or higher: Always On keeps the announcement outbox worker running.')
param appServiceSku string = 'B1'

@description('Runtime stack. Its Node major must match the Node used for `npm ci` at deploy time (native better-sqlite3 binary).')
param linuxFxVersion string = 'NODE|22-lts'

@description('Start command run in the deployed folder: the compiled app (package.json "start:prod"), not tsx.')
param startCommand string = 'npm run start:prod'

@description('Client id of the bot\'s Entra app (MICROSOFT_APP_ID).')
param botAadAppClientId string

@secure()
@description('Client secret of the bot\'s Entra app (MICROSOFT_APP_PASSWORD).')
param botAadAppClientSecret string

@description('Tenant of the bot\'s Entra app; the bot is registered as SingleTenant in it.')
param botAadAppTenantId string

@description('Bot name shown in the Azure portal.')
param botDisplayName string = 'Oppijanumeropalvelu'

@allowed(['F0', 'S1'])
@description('Azure Bot SKU. Teams is a standard channel, so F0 carries no message quota for it.')
param botServiceSku string = 'F0'

@description('Client id of the tab SSO Entra app (TAB_CLIENT_ID).')
param tabClientId string

@description('Teams app id (manifest id, TEAMS_APP_ID): card links become Teams deep links into the tab.')
param teamsAppId string

@description('Comma-separated extra tenant ids accepted besides the home tenant (ALLOWED_TENANTS).')
param allowedTenants string = ''

@description('ONR *test* environment base URL (ONR_BASE_URL); bot/config.ts refuses production hosts.')
param onrBaseUrl string

@allowed(['cas', 'oauth2'])
param onrAuth string = 'cas'

param onrUsername string = ''

@secure()
param onrPassword string = ''

param onrClientId string = ''

@secure()
param onrClientSecret string = ''

@secure()
@description('PostgreSQL connection string (DATABASE_URL). Empty: embedded SQLite under /home/data, one instance only.')
param databaseUrl string = ''

@description('Conversation id of the expert channel (EXPERT_CHANNEL); can be set after the first install.')
param expertChannel string = ''

@description('Conversation id of the service announcement channel (SERVICE_CHANNEL).')
param serviceChannel string = ''

@allowed(['single', 'two-person'])
param announcementApproval string = 'single'

@allowed(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
param logLevel string = 'info'

var suffix = empty(resourceSuffix) ? take(uniqueString(resourceGroup().id), 8) : resourceSuffix
var baseName = toLower('oppijanumero-${environmentName}-${suffix}')

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: baseName
  location: location
  kind: 'linux'
  sku: {
    name: appServiceSku
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: baseName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      appCommandLine: startCommand
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/healthz'
    }
  }
}

var publicHost = webApp.properties.defaultHostName

// Settings live in their own resource so they can use the host name the site was given.
resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    NODE_ENV: 'production'
    // The artifact is built and installed before upload; no Oryx build on the server.
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
    PUBLIC_BASE_URL: 'https://${publicHost}'
    LOG_LEVEL: logLevel
    DATA_DIR: '/home/data'
    DATABASE_URL: databaseUrl
    MICROSOFT_APP_ID: botAadAppClientId
    MICROSOFT_APP_PASSWORD: botAadAppClientSecret
    MICROSOFT_APP_TENANT_ID: botAadAppTenantId
    MICROSOFT_APP_TYPE: 'SingleTenant'
    ALLOWED_TENANTS: allowedTenants
    TAB_CLIENT_ID: tabClientId
    TAB_APP_ID_URI: 'api://${publicHost}/${tabClientId}'
    TEAMS_APP_ID: teamsAppId
    LOCAL_PLAYGROUND: 'false'
    ONR_BASE_URL: onrBaseUrl
    ONR_AUTH: onrAuth
    ONR_USERNAME: onrUsername
    ONR_PASSWORD: onrPassword
    ONR_CLIENT_ID: onrClientId
    ONR_CLIENT_SECRET: onrClientSecret
    EXPERT_CHANNEL: expertChannel
    SERVICE_CHANNEL: serviceChannel
    ANNOUNCEMENT_APPROVAL: announcementApproval
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: baseName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${publicHost}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botAadAppTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = publicHost
output BOT_ENDPOINT string = 'https://${publicHost}'
