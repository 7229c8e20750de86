using '../main.bicep'

param environmentName = 'prod'
param namePrefix = 'sendwf'
param emailFromAddress = 'send-workflows@example.gov.uk'
param emailContactAddress = 'sen-team@example.gov.uk'
param councilName = 'Exampleshire County Council'
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param logRetentionDays = 90
param keyVaultPurgeProtection = true
// Object ids of the identities that publish case events (the case-management integration); add them here.
param caseEventSenderPrincipalIds = []
// The Entra ID app registration staff sign in to (with app roles staff and admin): replace with its client id.
param staffSignInClientId = '00000000-0000-0000-0000-000000000000'
