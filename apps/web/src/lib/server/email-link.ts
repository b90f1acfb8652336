import { redirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { flash } from './flash';
import { apiFormFailure, field, invalid } from './forms';

// Pages opened from an emailed link (…?jeton=…). GET never uses the link, since mail scanners open
// links: the page shows a button that posts the token to the `confirm` action.

/** Load of such a page: the token from the address, for the button's hidden field. */
export const emailLinkLoad = ({ url }: { url: URL }) => ({ jeton: url.searchParams.get('jeton')?.slice(0, 200) ?? '' });

/**
 * The `confirm` action: runs `use(token)` against the API; on success sets the notice `flashKey`
 * and redirects where `use` says; on failure shows the API's message on the page.
 */
export function emailLinkAction(options: {
  use: (locals: App.Locals, token: string) => Promise<string>;
  flashKey: Parameters<typeof flash>[2];
  returnTo: string;
}) {
  return async ({ request, locals, cookies, url }: RequestEvent & { cookies: Cookies }) => {
    const jeton = field(await request.formData(), 'jeton', { max: 200 });
    if (!jeton) return invalid('confirm', { jeton }, {}, ['Ce lien est incomplet : copiez-le en entier depuis le courriel.']);
    let target: string;
    try {
      target = await options.use(locals, jeton);
    } catch (e) {
      return apiFormFailure(e, { form: 'confirm', values: { jeton }, fields: [], returnTo: options.returnTo });
    }
    flash(cookies, url, options.flashKey);
    redirect(303, target);
  };
}
