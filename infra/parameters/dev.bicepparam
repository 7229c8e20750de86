using '../main.bicep'

param environmentName = 'dev'
param namePrefix = 'sendwf'
param emailFromAddress = 'send-workflows-dev@example.gov.uk'
param emailContactAddress = 'sen-team-dev@example.gov.uk'
param councilName = 'Exampleshire County Council (test)'
param maximumInstanceCount = 10
param instanceMemoryMB = 2048
param logRetentionDays = 30
// A dev vault may be purged and recreated under the same name.
param keyVaultPurgeProtection = false
// The Entra ID app registration staff sign in to (with app roles staff and admin): replace with its client id.
param staffSignInClientId = '00000000-0000-0000-0000-000000000000'
