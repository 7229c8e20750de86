// Starts GOV.UK Frontend's components (skip link, service navigation on a phone, error summary focus).
import { initAll } from '/assets/govuk-frontend.min.js'

initAll()
