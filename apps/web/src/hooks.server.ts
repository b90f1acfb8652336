import type { HandleServerError } from '@sveltejs/kit';

// Unexpected errors: logged with their cause, shown to residents as one French sentence.
export const handleError: HandleServerError = ({ error, status, message }) => {
  if (status !== 404) console.error(error);
  return { message: status === 404 ? "Cette page n'existe pas ou a été déplacée." : message === 'Internal Error' ? 'Une erreur inattendue est survenue. Réessayez dans quelques minutes.' : message };
};
