// Punycode (RFC 3492) of labels and internationalized domain names, with the punycode package:
// labels keep their case and the ideographic full stops separate labels, as the real engine's
// documented outputs show. A failure is the empty string, as documented.
import punycode from 'punycode/punycode.js';
import { type FnImpl, lift } from './lift.js';

/** Each xn-- label decoded with its case kept (punycode's toUnicode lowercases the label first). */
function domainToUnicode(domain: string): string {
  return domain.split(/[.\u3002\uFF0E\uFF61]/).map((l) => (/^xn--/i.test(l) ? punycode.decode(l.slice(4)) : l)).join('.');
}

function safely(f: (s: string) => string): FnImpl {
  return (c) => lift(c, () => (v) => {
    try {
      return f(typeof v === 'string' ? v : '');
    } catch {
      return '';
    }
  });
}

export const punycodeFunctions: Record<string, FnImpl> = {
  punycode_from_string: safely(punycode.encode),
  punycode_to_string: safely(punycode.decode),
  punycode_domain_to_string: safely(punycode.toASCII),
  punycode_domain_from_string: safely(domainToUnicode),
};
