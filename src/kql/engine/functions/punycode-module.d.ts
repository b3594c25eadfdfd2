// The npm punycode package (the Node built-in of the same name is deprecated); it ships no types.
declare module 'punycode/punycode.js' {
  const punycode: {
    encode(input: string): string;
    decode(input: string): string;
    toASCII(domain: string): string;
  };
  export default punycode;
}
