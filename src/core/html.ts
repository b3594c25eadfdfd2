// Self-contained HTML pages (the preview, the test report): inline CSS, no script, and a Content-Security-
// Policy of default-src 'none' so the browser refuses any fetch the page might still try, offline or not.

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function htmlPage(title: string, style: string, header: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<header>${header}</header>
${body}
</body>
</html>
`;
}
