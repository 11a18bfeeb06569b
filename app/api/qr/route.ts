import QRCode from "qrcode";
import { authorizeRoute } from "@/lib/auth/route";
import { withRequestLog } from "@/lib/log";

export const runtime = "nodejs";

const INVITE_LINK = /^https:\/\/chat\.whatsapp\.com\/[A-Za-z0-9]{6,64}$/;

/**
 * GET /api/qr?data=<invite link>[&download=1] — the QR code of a WhatsApp invite link as a PNG. Made on the server so
 * no QR library ships to the browser. Signed-in users only (checked here), and only for WhatsApp invite links.
 */
async function handleGET(request: Request) {
  const auth = await authorizeRoute("viewer");
  if (auth.denied) return auth.denied;
  const url = new URL(request.url);
  const data = url.searchParams.get("data") ?? "";
  if (!INVITE_LINK.test(data)) {
    return Response.json({ error: "data must be a WhatsApp invite link (https://chat.whatsapp.com/…)" }, { status: 400 });
  }
  const png = await QRCode.toBuffer(data, { type: "png", width: 512, margin: 2, errorCorrectionLevel: "M" });
  const headers: Record<string, string> = { "Content-Type": "image/png", "Cache-Control": "private, max-age=3600" };
  if (url.searchParams.get("download") === "1") {
    headers["Content-Disposition"] = `attachment; filename="whatsapp-invite-${data.split("/").pop()}.png"`;
  }
  return new Response(new Uint8Array(png), { headers });
}

export const GET = withRequestLog(handleGET);
