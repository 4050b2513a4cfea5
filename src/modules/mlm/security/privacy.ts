/** What the module service needs of personal data, export and erasure (one import for its block). */
export { duplicateTaxIdGroups, readPrivateData, writePrivateData, type PrivacyActor, type PrivateDataResult } from "./private-data"
export { parsePrivateChanges, type PrivateChanges } from "./private-fields"
export { eraseSubject, exportSubject, type ErasureResult } from "./subject-privacy"
