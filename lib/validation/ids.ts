/**
 * Meta's IDs as the dashboard accepts them from a URL or a form. Plain data: safe in client components.
 * A group ID becomes a path segment of a Graph URL, so "." and ".." (which move the URL a segment up) are refused.
 */
const GROUP_ID_MAX = 256;
const GROUP_ID = /^[A-Za-z0-9_\-=.@:]+$/;

export function isGroupId(value: string): boolean {
  return value.length > 0 && value.length <= GROUP_ID_MAX && GROUP_ID.test(value) && !/^\.+$/.test(value);
}

/** A business phone number ID as configured in WHATSAPP_PHONE_NUMBER_IDS. */
export function isPhoneNumberId(value: string): boolean {
  return /^\d{5,20}$/.test(value);
}
