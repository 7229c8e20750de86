// SendWorkflows on Azure: the Functions app on a Flex Consumption plan, its Durable Task hub in a storage account,
// the session-enabled case-events queue, the caseload/contacts import containers and their Event Grid subscription,
// the SendGrid and link-signing keys in Key Vault and telemetry in Application Insights.
// One user-assigned identity holds only the data-plane roles the app uses; no connection strings or keys.
targetScope = 'resourceGroup'

@description('Short environment name, used in resource names and tags.')
@allowed(['dev', 'prod'])
param environmentName string

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('Lower-case prefix for resource names, e.g. the council\'s short name.')
@minLength(3)
@maxLength(10)
param namePrefix string

@description('Most instances Flex Consumption may scale the app to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance in MB (Flex Consumption sizes).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Days Log Analytics keeps telemetry.')
@minValue(30)
param logRetentionDays int = 30

@description('Days a case event may stay unread in the queue before it is dead-lettered.')
@minValue(1)
param caseEventTimeToLiveDays int = 14

@description('Principals (e.g. the case-management integration\'s identity) allowed to send case events.')
param caseEventSenderPrincipalIds array = []

@description('Whether a deleted Key Vault can be purged before its retention ends: keep it false in production.')
param keyVaultPurgeProtection bool = true

@description('Address e-mails come from; SendGrid must be allowed to send as it.')
param emailFromAddress string

@description('Mailbox recipients contact with questions, named in every e-mail.')
param emailContactAddress string

@description('The council\'s name, in every e-mail\'s footer.')
param councilName string

@description('SendGrid API key to store in Key Vault; leave empty and set the secret with az keyvault secret set instead.')
@secure()
param sendGridApiKey string = ''

@description('Name of the Durable Task hub; one per environment sharing a storage account.')
param durableTaskHubName string = 'SendWorkflows${environmentName}'

@description('NCRONTAB (UTC) for the daily check that the council workflows (weekly digest, termly lists, monthly report) are running.')
param eternalWorkflowsSchedule string = '0 0 5 * * *'

@description('NCRONTAB (UTC) for sending the e-mail outbox.')
param emailOutboxSchedule string = '0 */1 * * * *'

@description('Client id of the Entra ID app registration staff sign in to (App Service authentication, ADR 0081); its app roles are staff and admin.')
param staffSignInClientId string

@description('Public address response links point at; empty for the Function App\'s default host name.')
param publicBaseUrl string = ''

@description('Subscribe the ImportFromBlob function to files dropped in the imports container. Its webhook key exists only once the app\'s code is published: deploy with false first, publish, then deploy again with true (docs/azure.md).')
param importEventsEnabled bool = false

var suffix = uniqueString(resourceGroup().id, namePrefix, environmentName)
var tags = {
  application: 'SendWorkflows'
  environment: environmentName
}
var caseEventsQueueName = 'case-events'
var sendGridSecretName = 'SendGridApiKey'
// The key-encryption key of the staff host's data-protection key ring (ADR 0068): 32 random bytes in base64. The
// operator creates it (az keyvault secret set, docs/azure.md), so its value never sits in a deployment's history;
// the identity reads it through the Key Vault Secrets User role below.
var dataProtectionKeySecretName = 'DataProtectionKeyEncryptionKey'
var deploymentContainerName = 'app-package'
// The council drops its caseload CSV and contacts JSON in one; each file's result is written to the other (ADR 0085).
var importsContainerName = 'imports'
var importResultsContainerName = 'import-results'
// The storage queue the CaseEventsFromStorageQueue function reads, and where the host moves what fails five times.
var storageCaseEventQueueNames = ['case-events', 'case-events-poison']
// The response links' signing key (HMAC): the operator creates it (az keyvault secret set), like the key below.
var linkSigningSecretName = 'LinkSigningKey'
// The X-Api-Key values the JSON API and intake accept (comma-separated), also created by the operator.
var apiKeySecretName = 'IntakeApiKey'
var functionAppName = 'func-${namePrefix}-${environmentName}-${suffix}'
var baseUrl = empty(publicBaseUrl) ? 'https://${functionAppName}.azurewebsites.net/' : publicBaseUrl
// The namespace's host name (name.servicebus.windows.net in the public cloud) without hard-coding the cloud's suffix.
var serviceBusHostName = split(replace(serviceBus.properties.serviceBusEndpoint, 'https://', ''), ':')[0]

// Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
var roles = {
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${namePrefix}-${environmentName}'
  location: location
  tags: tags
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${namePrefix}-${environmentName}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${namePrefix}-${environmentName}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('st${namePrefix}${environmentName}${suffix}', 24)
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: environmentName == 'prod' ? 'Standard_ZRS' : 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false // identity only: the host, Durable Task and deployment all use the managed identity
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
}

resource importContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for name in [importsContainerName, importResultsContainerName]: {
    parent: blobService
    name: name
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource storageCaseEventQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for name in storageCaseEventQueueNames: {
    parent: queueService
    name: name
  }
]

resource serviceBus 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: 'sb-${namePrefix}-${environmentName}-${suffix}'
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' } // sessions and duplicate detection need Standard or Premium
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource caseEventsQueue 'Microsoft.ServiceBus/namespaces/queues@2022-10-01-preview' = {
  parent: serviceBus
  name: caseEventsQueueName
  properties: {
    requiresSession: true // SessionId = caseId: one case's events in order, cases in parallel
    requiresDuplicateDetection: true // MessageId = the event's id: a resend within the window is dropped
    duplicateDetectionHistoryTimeWindow: 'P7D'
    maxDeliveryCount: 10
    lockDuration: 'PT1M'
    defaultMessageTimeToLive: 'P${caseEventTimeToLiveDays}D'
    deadLetteringOnMessageExpiration: true
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('kv-${namePrefix}-${environmentName}-${suffix}', 24)
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: keyVaultPurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource sendGridSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(sendGridApiKey)) {
  parent: keyVault
  name: sendGridSecretName
  properties: {
    value: sendGridApiKey
    contentType: 'SendGrid API key'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${namePrefix}-${environmentName}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
        { name: 'DurableTaskHubName', value: durableTaskHubName }
        { name: 'ServiceBusConnection__fullyQualifiedNamespace', value: serviceBusHostName }
        { name: 'ServiceBusConnection__credential', value: 'managedidentity' }
        { name: 'ServiceBusConnection__clientId', value: identity.properties.clientId }
        { name: 'EternalWorkflowsSchedule', value: eternalWorkflowsSchedule }
        { name: 'EmailOutboxSchedule', value: emailOutboxSchedule }
        { name: 'CaseEventsIntakeSchedule', value: '0 */1 * * * *' }
        { name: 'Storage__TableServiceUri', value: storage.properties.primaryEndpoints.table }
        { name: 'Storage__BlobServiceUri', value: storage.properties.primaryEndpoints.blob }
        { name: 'Email__Provider', value: 'SendGrid' }
        { name: 'Email__FromAddress', value: emailFromAddress }
        { name: 'Email__ContactAddress', value: emailContactAddress }
        { name: 'Email__CouncilName', value: councilName }
        { name: 'Email__SendGrid__ApiKey', value: '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/${sendGridSecretName}/)' }
        { name: 'Auth__Mode', value: 'EasyAuth' }
        { name: 'Auth__EasyAuth__TenantId', value: tenant().tenantId }
        { name: 'Auth__EasyAuth__ClientId', value: staffSignInClientId }
        { name: 'Auth__ApiKey', value: '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/${apiKeySecretName}/)' }
        { name: 'Links__BaseUrl', value: baseUrl }
        { name: 'Links__SigningKeySecretUri', value: '${keyVault.properties.vaultUri}secrets/${linkSigningSecretName}' }
        { name: 'DataProtection__KeyVaultSecretUri', value: '${keyVault.properties.vaultUri}secrets/${dataProtectionKeySecretName}' }
        { name: 'DataProtection__ManagedIdentityClientId', value: identity.properties.clientId }
      ]
    }
  }
  dependsOn: [
    deploymentContainer
  ]
}

// Staff sign in with Entra ID in front of the app; anonymous requests pass, and the app decides (ADR 0081): staff
// pages need a role, response links are anonymous and signed, the API needs its key.
resource staffSignIn 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: staffSignInClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [staffSignInClientId, 'api://${staffSignInClientId}']
        }
      }
    }
    login: {
      tokenStore: { enabled: false }
    }
  }
}

// Files dropped in the imports container reach the ImportFromBlob function through Event Grid, the only blob trigger
// Flex Consumption runs. The webhook carries the blobs extension's system key, which exists once the code is published.
resource storageEvents 'Microsoft.EventGrid/systemTopics@2024-06-01-preview' = {
  name: 'evgt-${namePrefix}-${environmentName}-storage'
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource importEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2024-06-01-preview' = if (importEventsEnabled) {
  parent: storageEvents
  name: 'import-files'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.ImportFromBlob&code=${listKeys('${functionApp.id}/host/default', '2024-04-01').systemKeys.blobs_extension}'
      }
    }
    filter: {
      includedEventTypes: ['Microsoft.Storage.BlobCreated']
      subjectBeginsWith: '/blobServices/default/containers/${importsContainerName}/blobs/'
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
  dependsOn: [
    importContainers
  ]
}

// Least privilege: data-plane roles only, each on the one resource the app uses.
resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [roles.storageBlobDataContributor, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
    name: guid(storage.id, identity.id, role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource queueReceiverRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(caseEventsQueue.id, identity.id, roles.serviceBusDataReceiver)
  scope: caseEventsQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueSenderRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for senderId in caseEventSenderPrincipalIds: {
    name: guid(caseEventsQueue.id, senderId, roles.serviceBusDataSender)
    scope: caseEventsQueue
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
      principalId: senderId
    }
  }
]

resource keyVaultSecretsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

output functionAppName string = functionApp.name
output functionAppHostName string = functionApp.properties.defaultHostName
output serviceBusNamespace string = serviceBusHostName
output caseEventsQueueName string = caseEventsQueue.name
output keyVaultName string = keyVault.name
output sendGridSecretName string = sendGridSecretName
@description('DataProtection__KeyVaultSecretUri for the staff host (the version-less URI: new keys are wrapped under the latest version).')
output dataProtectionKeySecretUri string = '${keyVault.properties.vaultUri}secrets/${dataProtectionKeySecretName}'
output storageAccountName string = storage.name
output importsContainerName string = importsContainerName
output importResultsContainerName string = importResultsContainerName
@description('The secret the response links are signed with (create it with az keyvault secret set, docs/azure.md).')
output linkSigningSecretName string = linkSigningSecretName
@description('The secret holding the X-Api-Key values of the JSON API and intake (create it the same way).')
output apiKeySecretName string = apiKeySecretName
output publicBaseUrl string = baseUrl
output identityClientId string = identity.properties.clientId
