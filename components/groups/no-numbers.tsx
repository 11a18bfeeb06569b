import { Alert } from "@/components/ui/alert";

export function NoNumbers() {
  return (
    <Alert tone="warning" title="No business numbers configured">
      An admin must set WHATSAPP_PHONE_NUMBER_IDS (comma-separated phone number IDs) and restart the dashboard.
    </Alert>
  );
}
