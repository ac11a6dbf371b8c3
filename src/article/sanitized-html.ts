/**
 * HTML that went through the sanitizer. Only sanitize.ts can make one (the brand is a private
 * symbol), and ArticleBody accepts nothing else, so no other HTML can reach dangerouslySetInnerHTML.
 */
declare const brand: unique symbol;

export interface SanitizedHtml {
  readonly [brand]: true;
  /** A TrustedHTML where the browser has Trusted Types, else a string. */
  readonly html: string | TrustedHTML;
}
