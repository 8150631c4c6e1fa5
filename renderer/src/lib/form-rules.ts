/**
 * The create and edit forms' own checks, run before anything is sent so that every field's problem
 * shows at once (main checks again: the renderer is not trusted). Limits match the contract's schemas.
 */

export const NAME_LIMIT = 100;
export const CLIENT_ID_LIMIT = 255;

export interface CredentialFields {
  name?: string;
  offeringId?: string;
  clientId?: string;
  clientSecret?: string;
}

/** Every problem of the given fields, one message per field (absent fields are not checked). */
export function formProblems(fields: CredentialFields): Record<string, string> {
  const problems: Record<string, string> = {};
  if (fields.name !== undefined) {
    const name = fields.name.trim();
    if (name === '') problems.name = 'Integration Name is required';
    else if (name.length > NAME_LIMIT) problems.name = `Integration Name must be at most ${NAME_LIMIT} characters (it has ${name.length})`;
  }
  if (fields.offeringId !== undefined && fields.offeringId === '') problems.offeringId = 'Choose an Integration Offering';
  if (fields.clientId !== undefined) {
    const clientId = fields.clientId.trim();
    if (clientId === '') problems.clientId = fields.clientId === '' ? 'Client ID is required' : 'Client ID cannot be only spaces';
    else if (clientId.length > CLIENT_ID_LIMIT) problems.clientId = `Client ID must be at most ${CLIENT_ID_LIMIT} characters (it has ${clientId.length})`;
  }
  if (fields.clientSecret !== undefined && fields.clientSecret.trim() === '') {
    problems.clientSecret = fields.clientSecret === '' ? 'Client Secret is required' : 'Client Secret cannot be only spaces';
  }
  return problems;
}

/** Whether a pasted value carries spaces at either end (they are removed before saving). */
export const hasEdgeSpaces = (value: string): boolean => value !== value.trim() && value.trim() !== '';

export const EDGE_SPACES_NOTE = 'Spaces at the start or end (often pasted by accident) will be removed when saved.';
