/**
 * @module models/remote/model-url
 * Reads a remote model address, `http(s)://host[:port][/prefix]/v2/models/NAME[/versions/V]`
 * (KServe, Triton, `bulwark serve-model`, the bulwark gateway; a path prefix such as an
 * ingress route is kept), into the origin and the metadata and inference paths. Pure.
 */
import { remoteModelErrors } from './errors.js';

/** A parsed model address. */
export interface ModelUrl {
  /** `http://host:port`, what the connection pool connects to. */
  readonly origin: string;
  readonly model: string;
  readonly version: string | undefined;
  /** GET: the model metadata. */
  readonly metadataPath: string;
  /** POST: inference. */
  readonly inferPath: string;
  /** The address as given (without credentials or query), for messages. */
  readonly display: string;
}

/**
 * True when `text` looks like a URL rather than a file path.
 *
 * @example
 * isModelUrl('http://127.0.0.1:8080/v2/models/fraud'); // true
 * isModelUrl('models/fraud.onnx'); // false
 */
export function isModelUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text.trim());
}

/**
 * Parses a model address. Throws MDL_ERR_REMOTE_URL naming what is missing.
 *
 * @example
 * parseModelUrl('http://127.0.0.1:8080/v2/models/fraud/versions/2').inferPath; // '/v2/models/fraud/versions/2/infer'
 */
export function parseModelUrl(text: string): ModelUrl {
  const bad = (why: string): never => {
    throw remoteModelErrors.error('MDL_ERR_REMOTE_URL', `${text}: ${why}; expected http(s)://host[:port]/v2/models/NAME[/versions/VERSION]`, { url: text });
  };
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return bad('not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') bad(`protocol ${url.protocol} is not http or https`);
  if (url.username !== '' || url.password !== '') bad('credentials in the URL are not accepted (use --api-key or BULWARK_API_KEY)');
  const path = url.pathname.replace(/\/+$/, '');
  const at = path.lastIndexOf('/v2/models/');
  if (at < 0) return bad('the path has no /v2/models/NAME');
  const prefix = path.slice(0, at);
  const parts = path.slice(at + '/v2/models/'.length).split('/');
  const name = decode(parts[0], bad);
  let version: string | undefined;
  if (parts.length === 3 && parts[1] === 'versions') version = decode(parts[2], bad);
  else if (parts.length !== 1) bad(`unexpected path after the model name: /${parts.slice(1).join('/')}`);
  const base = `${prefix}/v2/models/${encodeURIComponent(name)}${version === undefined ? '' : `/versions/${encodeURIComponent(version)}`}`;
  return { origin: url.origin, model: name, version, metadataPath: base, inferPath: `${base}/infer`, display: `${url.origin}${base}` };
}

function decode(segment: string | undefined, bad: (why: string) => never): string {
  if (segment === undefined || segment === '') return bad('the model name is empty');
  try {
    return decodeURIComponent(segment);
  } catch {
    return bad(`malformed percent-encoding in "${segment}"`);
  }
}
