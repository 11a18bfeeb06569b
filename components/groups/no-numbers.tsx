import { Alert } from "@/components/ui/alert";

export function NoNumbers({ unknown, known }: { unknown?: string; known: boolean }) {
  if (known && unknown) {
    return (
      <Alert tone="warning" title="Unknown business number">
        The number {unknown} is not one of this dashboard&apos;s numbers. Pick one from the switcher in the header.
      </Alert>
    );
  }
  return (
    <Alert tone="warning" title="No business numbers configured">
      An admin must set WHATSAPP_PHONE_NUMBER_IDS (comma-separated phone number IDs) and restart the dashboard.
    </Alert>
  );
}
