// Tree tooltips. Names, params, tags and descriptions come from whoever logged them: they go in
// with appendText, which escapes Markdown, into an untrusted MarkdownString without HTML.
import * as vscode from 'vscode';

export function markdown(build: (md: vscode.MarkdownString) => void): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  build(md);
  return md;
}

/** `Label: value`, one per line; the label is ours, the value is escaped. */
export function field(md: vscode.MarkdownString, label: string, value: string): void {
  md.appendMarkdown(`${label}: `);
  md.appendText(value);
  md.appendMarkdown('  \n');
}

/** A bold heading line holding an untrusted name. */
export function heading(md: vscode.MarkdownString, name: string): void {
  md.appendMarkdown('**');
  md.appendText(name);
  md.appendMarkdown('**\n\n');
}
