// Bootstrap of the language server process. The transport (--node-ipc, --stdio, --socket=N) comes
// from the command line, as vscode-languageclient passes it.
import { createConnection } from 'vscode-languageserver/node';
import { PipelineServer } from './pipelineServer';

const connection = createConnection();
// A bug in one handler must not take the server down with the user's diagnostics.
process.on('uncaughtException', (error) => connection.console.error(`Uncaught: ${error.stack ?? String(error)}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${String(reason)}`));

new PipelineServer(connection).listen();
