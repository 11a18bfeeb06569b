/**
 * The only shape of invite link the dashboard stores, shows or turns into a QR code. A link that arrives in another
 * shape (from a Graph answer or a webhook) is treated as absent, so nothing but chat.whatsapp.com gets an Open button.
 */
const INVITE_LINK = /^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]{6,64}$/;

export function isInviteLink(value: unknown): value is string {
  return typeof value === "string" && INVITE_LINK.test(value);
}
