// No zod here: the group page checks a picture in the browser before upload, and the server checks it again.

/** What Meta accepts as a profile picture, checked in the browser and again on the server from the file's bytes. */
export const PICTURE_RULES = { maxBytes: 5 * 1024 * 1024, minPixels: 192, type: "image/jpeg" } as const;

export type PictureProblem = "type" | "size" | "square" | "small";

/** The picture's problem, or null when Meta should take it. Dimensions as read from the file. */
export function pictureProblem(file: { type: string; bytes: number; width: number; height: number }): PictureProblem | null {
  if (file.type !== PICTURE_RULES.type) return "type";
  if (file.bytes > PICTURE_RULES.maxBytes) return "size";
  if (file.width !== file.height) return "square";
  if (file.width < PICTURE_RULES.minPixels) return "small";
  return null;
}

export function pictureProblemMessage(problem: PictureProblem, size?: { width: number; height: number }): string {
  switch (problem) {
    case "type":
      return "The picture must be a JPEG (.jpg) file.";
    case "size":
      return "The picture must be at most 5 MB.";
    case "square":
      return `The picture must be square${size ? `: this one is ${size.width} × ${size.height} pixels` : ""}. Crop it to the same width and height.`;
    case "small":
      return `The picture must be at least 192 × 192 pixels${size ? `: this one is ${size.width} × ${size.height}` : ""}.`;
  }
}
