import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeTestJpeg } from "@/emulator/jpeg";
import { emulatorSuite, expectEnvelope, field, type GroupsPage, multipartBody, PHONE, pictureForm, update } from "./helpers";

const FIVE_MB = 5 * 1024 * 1024;
const { g, hook } = emulatorSuite({ seed: 2, webhooks: true });

async function groupId(): Promise<string> {
  const page = (await (await g.get(`/${PHONE}/groups?limit=1`)).json()) as GroupsPage;
  return page.data.groups[0]?.id ?? "";
}

const upload = (id: string, body: FormData | Buffer, contentType?: string) =>
  g.send("POST", `/${id}`, {
    body: body instanceof FormData ? body : new Uint8Array(body),
    headers: contentType ? { "Content-Type": contentType } : {},
  });

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("base64");

describe("profile picture upload (POST /{group} multipart/form-data)", () => {
  it("accepts a square JPEG of at least 192 px: 200 {success:true}, then group_settings_update with its sha256", async () => {
    const id = await groupId();
    const jpeg = makeTestJpeg(640, 640, 4000);
    const res = await upload(id, pictureForm(jpeg));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });
    const w = await hook.waitFor((x) => field(x) === "group_settings_update");
    expect(w.signatureValid).toBe(true);
    expect(update(w)).toEqual({
      timestamp: expect.stringMatching(/^\d+$/),
      group_id: id,
      type: "group_settings_update",
      request_id: expect.stringMatching(/^[0-9A-F]{32}$/),
      profile_picture: { mime_type: "image/jpeg", sha256: sha256(jpeg), update_successful: true },
    });
    // the hash is of the file's bytes, not of the whole multipart body
    const snap = await g.ctl.group(id);
    expect(snap.profilePicture).toEqual({
      mime_type: "image/jpeg",
      sha256: sha256(jpeg),
      bytes: jpeg.length,
      width: 640,
      height: 640,
    });
    expect(snap.subject).toBe("Community group 0001");
  });

  it("accepts exactly 192x192 and exactly 5 MB; the call log summarises the file instead of logging bytes", async () => {
    const id = await groupId();
    const base = makeTestJpeg(192, 192, 0).length;
    const jpeg = makeTestJpeg(192, 192, FIVE_MB - base);
    expect(jpeg.length).toBe(FIVE_MB);
    expect((await upload(id, pictureForm(jpeg, "max.jpg"))).status).toBe(200);
    const call = (await g.ctl.calls()).at(-1);
    expect(call?.method).toBe("POST");
    expect(call?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(call?.body).toEqual({
      messaging_product: "whatsapp",
      file: { filename: "max.jpg", contentType: "image/jpeg", bytes: FIVE_MB },
    });
  });

  it("refuses a file one byte over 5 MB with code 100 naming file", async () => {
    const id = await groupId();
    const jpeg = makeTestJpeg(400, 400, FIVE_MB - makeTestJpeg(400, 400, 0).length + 1);
    const err = await expectEnvelope(await upload(id, pictureForm(jpeg)), 400, 100);
    expect(err.message).toMatch(/Param file .*5 MB/);
    expect((await g.ctl.group(id)).profilePicture).toBeNull();
  });

  it("answers 413 code 100 for a body past 5 MB plus the multipart allowance, and keeps 1 MB for JSON", async () => {
    const id = await groupId();
    const huge = makeTestJpeg(400, 400, FIVE_MB + 100 * 1024);
    const res = await upload(id, pictureForm(huge));
    const err = await expectEnvelope(res, 413, 100);
    expect(err.message).toContain("5 MB");
    // A JSON settings update of 1.5 MB is still refused by the 1 MB cap.
    const json = await g.post(`/${id}`, { messaging_product: "whatsapp", description: "d".repeat(1.5 * 1024 * 1024) });
    expect((await expectEnvelope(json, 413, 100)).message).toContain("1 MB");
    // and a 1.5 MB multipart body to another kind of call is capped at 1 MB too
    const other = await g.send("POST", `/${id}/invite_link`, {
      body: pictureForm(makeTestJpeg(400, 400, 1.5 * 1024 * 1024)),
    });
    await expectEnvelope(other, 413, 100);
    expect((await g.get(`/${PHONE}/groups?limit=1`)).status).toBe(200);
  });

  it("refuses what is not a JPEG (PNG bytes, text, a JPEG without a frame) with code 100 naming file", async () => {
    const id = await groupId();
    const png = Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.alloc(300)]);
    const noFrame = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xd9]);
    for (const bytes of [png, Buffer.from("hello"), noFrame, Buffer.alloc(0)]) {
      const err = await expectEnvelope(await upload(id, pictureForm(bytes)), 400, 100);
      expect(err.message).toContain("Param file");
      expect(err.message).toContain("JPEG");
    }
    expect(hook.received).toHaveLength(0);
  });

  it("refuses a missing file with code 100 naming file", async () => {
    const id = await groupId();
    const form = new FormData();
    form.append("messaging_product", "whatsapp");
    const err = await expectEnvelope(await upload(id, form), 400, 100);
    expect(err.message).toContain("file");
    const empty = await upload(id, Buffer.alloc(0), "multipart/form-data; boundary=xyz");
    expect((await expectEnvelope(empty, 400, 100)).message).toContain("file");
  });

  it("refuses a non-square picture with 131209 and one under 192 px with 131210", async () => {
    const id = await groupId();
    const wide = await expectEnvelope(await upload(id, pictureForm(makeTestJpeg(800, 600))), 400, 131209);
    expect(wide).toMatchObject({
      message: "(#131209) Profile picture not square",
      error_user_title: "Profile picture not square",
    });
    expect((wide as { error_user_msg?: string }).error_user_msg).toContain("800x600");
    const small = await expectEnvelope(await upload(id, pictureForm(makeTestJpeg(191, 191))), 400, 131210);
    expect(small.message).toBe("(#131210) Profile picture too small");
    expect((small as { error_data?: { details: string } }).error_data?.details).toContain("192x192");
    expect(hook.received).toHaveLength(0);
  });

  it("requires messaging_product, refuses a broken body and two files", async () => {
    const id = await groupId();
    const noProduct = multipartBody([{ name: "file", value: makeTestJpeg(300, 300), filename: "a.jpg" }]);
    expect((await expectEnvelope(await upload(id, noProduct.body, noProduct.contentType), 400, 100)).message).toContain(
      "messaging_product",
    );
    const broken = await upload(id, Buffer.from("--zzz\r\ngarbage"), "multipart/form-data; boundary=zzz");
    expect((await expectEnvelope(broken, 400, 100)).message).toContain("multipart");
    const noBoundary = await upload(id, Buffer.from("x"), "multipart/form-data");
    expect((await expectEnvelope(noBoundary, 400, 100)).message).toContain("boundary");
    const two = multipartBody([
      { name: "messaging_product", value: "whatsapp" },
      { name: "file", value: makeTestJpeg(300, 300), filename: "a.jpg" },
      { name: "file", value: makeTestJpeg(300, 300), filename: "b.jpg" },
    ]);
    expect((await expectEnvelope(await upload(id, two.body, two.contentType), 400, 100)).message).toContain("file");
  });

  it("accepts a progressive (SOF2) JPEG with a hand-made body and a quoted boundary; text fields ride along", async () => {
    const id = await groupId();
    const progressive = makeTestJpeg(256, 256);
    progressive[progressive.indexOf(Buffer.from([0xff, 0xc0])) + 1] = 0xc2;
    const { body } = multipartBody(
      [
        { name: "messaging_product", value: "whatsapp" },
        { name: "subject", value: "With a face" },
        { name: "file", value: progressive, filename: "p.jpg", contentType: "application/octet-stream" },
      ],
      "a quoted:boundary",
    );
    const res = await upload(id, body, 'multipart/form-data; boundary="a quoted:boundary"');
    expect(res.status).toBe(200);
    const w = await hook.waitFor((x) => field(x) === "group_settings_update");
    expect(update(w)).toMatchObject({
      group_subject: { text: "With a face", update_successful: true },
      profile_picture: { mime_type: "image/jpeg", sha256: sha256(progressive), update_successful: true },
    });
    expect((await g.ctl.group(id)).subject).toBe("With a face");
  });

  it("a suspended group refuses the upload with 131207", async () => {
    const id = await groupId();
    await g.ctl.suspend(id, true);
    await expectEnvelope(await upload(id, pictureForm(makeTestJpeg(300, 300))), 403, 131207);
    expect((await g.ctl.group(id)).profilePicture).toBeNull();
  });

  it("still needs the bearer token", async () => {
    const id = await groupId();
    const res = await g.send("POST", `/${id}`, { body: pictureForm(makeTestJpeg(300, 300)), token: null });
    await expectEnvelope(res, 401, 190);
  });
});
