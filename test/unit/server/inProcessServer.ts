// The language server in this process, connected to a test client by two streams.
import { PassThrough } from 'node:stream';
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { PipelineServer, type PipelineServerOptions } from '../../../src/server/pipelineServer';
import { LspTestClient } from './lspClient';

export function startInProcess(options: PipelineServerOptions = {}): LspTestClient {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  new PipelineServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), options).listen();
  return new LspTestClient(toClient, toServer);
}
