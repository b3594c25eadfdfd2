// The hand-written answer to issue 12's query, which `tripline run` is measured against:
// SigninLogs | where ResultType != "0" and AppDisplayName =~ "azure cli"
// | summarize Failures = count() by User = tolower(UserPrincipalName) | where Failures >= 2 | order by Failures desc, User asc
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const counts = new Map();
for await (const line of createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity })) {
  if (!line) continue;
  const r = JSON.parse(line);
  if (r.ResultType === '0' || String(r.AppDisplayName).toLowerCase() !== 'azure cli') continue;
  const user = String(r.UserPrincipalName ?? '').toLowerCase();
  counts.set(user, (counts.get(user) ?? 0) + 1);
}
const rows = [...counts].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
process.stdout.write(JSON.stringify(rows));
