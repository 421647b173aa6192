import { AppError } from '../errors.js';
import { can, type Action, type UserContext } from './roles.js';

/** Server-side authorisation gate every feature action passes through. */
export function authorize(user: UserContext, action: Action): void {
  if (!can(user, action)) throw new AppError('FORBIDDEN', `${user.role} may not ${action}`);
}
