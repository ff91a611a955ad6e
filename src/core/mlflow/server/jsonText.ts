// An answer a route has already written as JSON (a hand-written encoder for a large answer); the
// server sends it as is, in place of JSON.stringify of the answer object. Bytes are UTF-8.

export class JsonText {
  constructor(readonly body: string | Uint8Array) {}
}
