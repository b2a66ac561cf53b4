// What an app built on the official Node SDK (node-appwrite, pinned in package-lock.json) does
// with every service the conform suite covers, against the server named by APPWRITE_ENDPOINT /
// APPWRITE_PROJECT / APPWRITE_API_KEY. Every call goes through the SDK's own code: its chunked
// upload (5 MiB chunks, the first alone, then eight at a time), its query strings, its
// `permissions[]` multipart arrays and its DELETE with a JSON body, so this checks that a server
// speaks the protocol the way the SDK expects it, not the way our suite sends it.
// Prints one line per check and a count; exits 1 if any check failed. A failing check names the
// SDK call and the server's answer (status, type, message).
import {
  Account, AppwriteException, Client, Databases, DatabasesIndexType, ID, ImageFormat, PasswordHash, Permission, Query, Role, Storage, Teams, Tokens,
  Users,
} from 'node-appwrite';
import { InputFile } from 'node-appwrite/file';
import { createCipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import { deflateSync } from 'node:zlib';

const { APPWRITE_ENDPOINT: endpoint, APPWRITE_PROJECT: project, APPWRITE_API_KEY: key } = process.env;
if (!endpoint || !project || !key) {
  console.error('set APPWRITE_ENDPOINT, APPWRITE_PROJECT and APPWRITE_API_KEY');
  process.exit(2);
}
const CHUNK = 5 * 1024 * 1024;
// How long an attribute or index may stay `processing` before the check gives up.
const AVAILABLE_BOUND_MS = 30_000;

const server = new Client().setEndpoint(endpoint).setProject(project).setKey(key);
const guest = new Client().setEndpoint(endpoint).setProject(project);

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL ${name}: ${detail}`);
  }
}

class CallFailed extends Error {}

// `fn()`, with any rejection turned into one naming the SDK call and the server's answer.
async function call(label, fn) {
  let result;
  try {
    result = await fn();
  } catch (error) {
    if (error instanceof AppwriteException) {
      throw new CallFailed(`${label} -> ${error.code} ${error.type ?? ''}: ${error.message}`);
    }
    throw new CallFailed(`${label} -> ${error?.name ?? 'error'}: ${error?.message ?? error}`);
  }
  // The SDK parses a body as JSON only when the Content-Type says so, and otherwise hands the
  // app `{message: <text>}` (empty for a 204).
  const keys = result && typeof result === 'object' && !(result instanceof ArrayBuffer) ? Object.keys(result) : [];
  if (keys.length === 1 && keys[0] === 'message' && result.message !== '') {
    throw new CallFailed(`${label} -> the SDK read the answer as text, not JSON: ${result.message.slice(0, 120)}`);
  }
  return result;
}

// The status an SDK call was refused with, or what it did instead.
async function refused(fn) {
  try {
    await fn();
    return 'succeeded';
  } catch (error) {
    return error instanceof AppwriteException ? error.code : `${error?.name}: ${error?.message}`;
  }
}

// Runs one service's checks; an SDK call that fails ends that service's checks.
async function section(name, body) {
  try {
    await body();
  } catch (error) {
    if (!(error instanceof CallFailed)) throw error;
    check(`${name}: every SDK call succeeds`, false, error.message);
  }
}

const digest = (algorithm, bytes) => createHash(algorithm).update(bytes).digest('hex');
const isDatetime = (text) => typeof text === 'string' && !Number.isNaN(Date.parse(text));

// A small RGB PNG (a gradient), built with the standard library only.
function png(width, height) {
  const rows = [];
  for (let y = 0; y < height; y += 1) {
    rows.push(Buffer.from([0]));
    for (let x = 0; x < width; x += 1) rows.push(Buffer.from([(x * 255 / width) | 0, (y * 255 / height) | 0, 128]));
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (kind, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(kind, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

// `[width, height]` of PNG bytes, or null when they are not a PNG.
function pngSize(bytes) {
  const b = Buffer.from(bytes);
  if (b.length < 24 || b.readUInt32BE(0) !== 0x89504e47 || b.toString('ascii', 12, 16) !== 'IHDR') return null;
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

// Polls an attribute or index read until its status is `available`.
async function waitAvailable(label, fetch) {
  const deadline = Date.now() + AVAILABLE_BOUND_MS;
  for (;;) {
    const { status } = await call(label, fetch);
    if (status === 'available' || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function storageAndTokens() {
  const storage = new Storage(server);
  const tokens = new Tokens(server);
  const bucketId = ID.unique();
  await call('storage.createBucket', () => storage.createBucket({ bucketId, name: 'SDK check (node)', permissions: [] }));
  try {
    // 15 MiB + a little: four chunks, the last one short.
    const data = randomBytes(3 * CHUNK + 12345);
    const file = await call('storage.createFile (15 MiB)',
      () => storage.createFile({ bucketId, fileId: ID.unique(), file: InputFile.fromBuffer(data, 'big.bin') }));
    check('a 15 MiB upload is complete in 4 chunks', file.chunksTotal === 4 && file.chunksUploaded === 4,
      `chunksTotal ${file.chunksTotal}, chunksUploaded ${file.chunksUploaded}`);
    check('its signature is the MD5 of the content', file.signature === digest('md5', data), file.signature);
    check('its size is the original size', file.sizeOriginal === data.length, `${file.sizeOriginal}`);
    check('its $createdAt is a datetime', isDatetime(file.$createdAt), `${file.$createdAt}`);
    const downloaded = Buffer.from(await call('storage.getFileDownload', () => storage.getFileDownload({ bucketId, fileId: file.$id })));
    check('the download is byte-identical', digest('sha256', downloaded) === digest('sha256', data), `${downloaded.length} bytes`);

    const image = png(64, 48);
    const picture = await call('storage.createFile (small PNG)',
      () => storage.createFile({ bucketId, fileId: ID.unique(), file: InputFile.fromBuffer(image, 'pic.png') }));
    check('a small file is one chunk and is detected as image/png', picture.chunksTotal === 1 && picture.mimeType === 'image/png',
      `${picture.chunksTotal} chunks, ${picture.mimeType}`);
    const viewed = Buffer.from(await call('storage.getFileView', () => storage.getFileView({ bucketId, fileId: picture.$id })));
    check('the view is byte-identical', viewed.equals(image), `${viewed.length} bytes`);
    const preview = await call('storage.getFilePreview (40x30 png)',
      () => storage.getFilePreview({ bucketId, fileId: picture.$id, width: 40, height: 30, output: ImageFormat.Png }));
    check('a 40x30 PNG preview is a 40x30 PNG', `${pngSize(preview)}` === '40,30', `size ${pngSize(preview)}`);
    const asJpeg = Buffer.from(await call('storage.getFilePreview (jpg)',
      () => storage.getFilePreview({ bucketId, fileId: picture.$id, width: 20, output: ImageFormat.Jpg })));
    check('a JPEG preview is JPEG bytes', asJpeg.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])), asJpeg.subarray(0, 4).toString('hex'));

    const listed = await call('storage.listFiles', () => storage.listFiles({ bucketId, queries: [Query.equal('name', ['pic.png'])] }));
    check('listing by name finds the one file', listed.total === 1 && listed.files[0]?.$id === picture.$id, `total ${listed.total}`);
    const renamed = await call('storage.updateFile', () => storage.updateFile({ bucketId, fileId: picture.$id, name: 'renamed.png' }));
    check('a file takes a new name', renamed.name === 'renamed.png', renamed.name);

    const token = await call('tokens.createFileToken', () => tokens.createFileToken({ bucketId, fileId: file.$id }));
    check('a file token has a JWT secret', typeof token.secret === 'string' && token.secret.split('.').length === 3, typeof token.secret);
    const guestStorage = new Storage(guest);
    const withToken = Buffer.from(await call('storage.getFileView (guest with token)',
      () => guestStorage.getFileView({ bucketId, fileId: file.$id, token: token.secret })));
    check('a guest views the file with the token', digest('sha256', withToken) === digest('sha256', data), `${withToken.length} bytes`);
    const without = await refused(() => guestStorage.getFileView({ bucketId, fileId: file.$id }));
    check('a guest without the token is refused', without === 401, `${without}`);
    const tokenList = await call('tokens.list', () => tokens.list({ bucketId, fileId: file.$id }));
    check('the file lists its token', tokenList.total === 1 && tokenList.tokens[0]?.$id === token.$id, `total ${tokenList.total}`);
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const updated = await call('tokens.update', () => tokens.update({ tokenId: token.$id, expire: later }));
    check('the token takes an expiry', Date.parse(updated.expire) === Date.parse(later), updated.expire);
    await call('tokens.delete', () => tokens.delete({ tokenId: token.$id }));
    const afterDelete = await refused(() => guestStorage.getFileView({ bucketId, fileId: file.$id, token: token.secret }));
    check('a deleted token opens nothing', afterDelete === 401, `${afterDelete}`);

    await call('storage.deleteFile', () => storage.deleteFile({ bucketId, fileId: picture.$id }));
    const gone = await refused(() => storage.getFile({ bucketId, fileId: picture.$id }));
    check('a deleted file is gone', gone === 404, `${gone}`);
  } finally {
    await call('storage.deleteBucket', () => storage.deleteBucket({ bucketId }));
  }
  const gone = await refused(() => storage.getBucket({ bucketId }));
  check('a deleted bucket is gone', gone === 404, `${gone}`);
}

async function databases() {
  const db = new Databases(server);
  const databaseId = ID.unique();
  await call('databases.create', () => db.create({ databaseId, name: 'SDK check (node)' }));
  try {
    const collection = await call('databases.createCollection', () => db.createCollection({
      databaseId, collectionId: ID.unique(), name: 'Books', permissions: [Permission.read(Role.any())], documentSecurity: false,
    }));
    const where = { databaseId, collectionId: collection.$id };
    await call('databases.createStringAttribute', () => db.createStringAttribute({ ...where, key: 'title', size: 64, required: true }));
    await call('databases.createIntegerAttribute',
      () => db.createIntegerAttribute({ ...where, key: 'year', required: true, min: 0, max: 3000 }));
    await call('databases.createBooleanAttribute', () => db.createBooleanAttribute({ ...where, key: 'lent', required: false, xdefault: false }));
    for (const attribute of ['title', 'year', 'lent']) {
      const status = await waitAvailable(`databases.getAttribute(${attribute})`, () => db.getAttribute({ ...where, key: attribute }));
      check(`attribute ${attribute} becomes available`, status === 'available', status);
    }
    await call('databases.createIndex',
      () => db.createIndex({ ...where, key: 'by_year', type: DatabasesIndexType.Key, attributes: ['year'] }));
    const indexStatus = await waitAvailable('databases.getIndex', () => db.getIndex({ ...where, key: 'by_year' }));
    check('index by_year becomes available', indexStatus === 'available', indexStatus);

    const first = await call('databases.createDocument',
      () => db.createDocument({ ...where, documentId: ID.unique(), data: { title: 'Dune', year: 1965 } }));
    check('a document has its data, defaults and system fields',
      first.title === 'Dune' && first.lent === false && isDatetime(first.$createdAt) && first.$collectionId === collection.$id
        && /^\d+$/.test(first.$sequence), JSON.stringify(first));
    const books = Array.from({ length: 6 }, (_, i) => ({ $id: ID.unique(), title: `Book ${i}`, year: 2000 + i }));
    const created = await call('databases.createDocuments', () => db.createDocuments({ ...where, documents: books }));
    check('bulk create writes every document', created.total === 6, `total ${created.total}`);
    const upserted = await call('databases.upsertDocuments', () => db.upsertDocuments({
      ...where, documents: [{ $id: books[0].$id, title: 'Book 0, revised', year: 2000 }, { $id: ID.unique(), title: 'Extra', year: 1990 }],
    }));
    check('bulk upsert updates one and creates one', upserted.total === 2, `total ${upserted.total}`);

    const got = await call('databases.getDocument', () => db.getDocument({ ...where, documentId: books[0].$id }));
    check('the upserted document reads back revised', got.title === 'Book 0, revised', got.title);
    const updated = await call('databases.updateDocument', () => db.updateDocument({ ...where, documentId: first.$id, data: { lent: true } }));
    check('an update changes one field', updated.lent === true && updated.title === 'Dune', JSON.stringify(updated));
    const bumped = await call('databases.incrementDocumentAttribute',
      () => db.incrementDocumentAttribute({ ...where, documentId: first.$id, attribute: 'year', value: 1 }));
    check('increment adds to a number', Number(bumped.year) === 1966, `${bumped.year}`);

    const recent = await call('databases.listDocuments (filter, order)',
      () => db.listDocuments({ ...where, queries: [Query.greaterThan('year', 2001), Query.orderDesc('year')] }));
    const years = recent.documents.map((d) => Number(d.year));
    check('filter and order: years after 2001, newest first', `${years}` === '2005,2004,2003,2002', `${years}`);
    const pages = [];
    let cursor = null;
    for (let i = 0; i < 5; i += 1) {
      const queries = [Query.orderAsc('year'), Query.limit(3), ...(cursor ? [Query.cursorAfter(cursor)] : [])];
      const page = await call('databases.listDocuments (cursor page)', () => db.listDocuments({ ...where, queries }));
      if (page.documents.length === 0) break;
      pages.push(page.documents.map((d) => Number(d.year)));
      cursor = page.documents.at(-1).$id;
    }
    check('cursor pagination walks every document once, in order',
      JSON.stringify(pages) === '[[1966,1990,2000],[2001,2002,2003],[2004,2005]]', JSON.stringify(pages));
    const selected = await call('databases.listDocuments (select)',
      () => db.listDocuments({ ...where, queries: [Query.select(['title']), Query.equal('title', ['Dune'])] }));
    const only = selected.documents[0] ?? {};
    check('select returns only the chosen attribute', selected.total === 1 && 'title' in only && !('year' in only), JSON.stringify(only));

    const lent = await call('databases.updateDocuments', () => db.updateDocuments({
      ...where, data: { lent: true }, queries: [Query.lessThan('year', 2002), Query.equal('lent', [false])],
    }));
    check('bulk update changes the matching documents', lent.total === 3, `total ${lent.total}`);
    const removed = await call('databases.deleteDocuments', () => db.deleteDocuments({ ...where, queries: [Query.equal('lent', [true])] }));
    check('bulk delete removes the matching documents', removed.total === 4, `total ${removed.total}`);
    await call('databases.deleteDocument', () => db.deleteDocument({ ...where, documentId: books[5].$id }));
    const left = await call('databases.listDocuments', () => db.listDocuments(where));
    const leftYears = left.documents.map((d) => Number(d.year)).sort();
    check('what is left after the deletes', `${leftYears}` === '2002,2003,2004', `${leftYears}`);

    await call('databases.deleteIndex', () => db.deleteIndex({ ...where, key: 'by_year' }));
    await call('databases.deleteAttribute', () => db.deleteAttribute({ ...where, key: 'lent' }));
    const attributeGone = await refused(() => db.getAttribute({ ...where, key: 'lent' }));
    check('a deleted attribute is gone', attributeGone === 404, `${attributeGone}`);
    await call('databases.deleteCollection', () => db.deleteCollection(where));
    const collectionGone = await refused(() => db.getCollection(where));
    check('a deleted collection is gone', collectionGone === 404, `${collectionGone}`);
  } finally {
    await call('databases.delete', () => db.delete({ databaseId }));
  }
  const gone = await refused(() => db.get({ databaseId }));
  check('a deleted database is gone', gone === 404, `${gone}`);
}

async function usersTeamsAndSessions() {
  const users = new Users(server);
  const teams = new Teams(server);
  const userId = ID.unique();
  const email = `${userId}@example.com`;
  const password = 'sdk-check-password';
  const user = await call('users.create', () => users.create({ userId, email, password, name: 'Ada' }));
  check('a new user has its name and email, and is active', user.name === 'Ada' && user.email === email && user.status === true,
    `${user.name}, ${user.email}, ${user.status}`);
  const fetched = await call('users.get', () => users.get({ userId }));
  check('the user reads back', fetched.$id === userId && isDatetime(fetched.registration), fetched.$id);
  const found = await call('users.list', () => users.list({ queries: [Query.equal('email', [email])] }));
  check('listing by email finds the user', found.total === 1 && found.users[0]?.$id === userId, `total ${found.total}`);

  const teamId = ID.unique();
  const team = await call('teams.create', () => teams.create({ teamId, name: 'Readers' }));
  check('a team starts with its name', team.name === 'Readers', team.name);
  await call('teams.updateName', () => teams.updateName({ teamId, name: 'Book club' }));
  await call('teams.updatePrefs', () => teams.updatePrefs({ teamId, prefs: { theme: 'dark' } }));
  const prefs = await call('teams.getPrefs', () => teams.getPrefs({ teamId }));
  check('team prefs are stored', JSON.stringify(prefs) === '{"theme":"dark"}', JSON.stringify(prefs));
  const membership = await call('teams.createMembership', () => teams.createMembership({ teamId, roles: ['reader'], userId }));
  check('a server adds a user to a team at once', membership.confirm === true && membership.userId === userId,
    `confirm ${membership.confirm}, userId ${membership.userId}`);
  const members = await call('teams.listMemberships', () => teams.listMemberships({ teamId }));
  check('the team lists its member', members.total === 1 && members.memberships[0]?.$id === membership.$id, `total ${members.total}`);
  const promoted = await call('teams.updateMembership', () => teams.updateMembership({ teamId, membershipId: membership.$id, roles: ['owner'] }));
  check('a membership takes new roles', JSON.stringify(promoted.roles) === '["owner"]', JSON.stringify(promoted.roles));
  const counted = await call('teams.get', () => teams.get({ teamId }));
  check('the team counts its member', counted.total === 1, `total ${counted.total}`);

  // A session made with the key, then used by a client that holds only its secret.
  const session = await call('account.createEmailPasswordSession (with a key)',
    () => new Account(server).createEmailPasswordSession({ email, password }));
  check('a session made with a key returns its secret', session.userId === userId && session.secret !== '',
    `userId ${session.userId}, secret ${session.secret ? 'set' : 'empty'}`);
  const account = new Account(new Client().setEndpoint(endpoint).setProject(project).setSession(session.secret));
  const me = await call('account.get (setSession)', () => account.get());
  check('a client with setSession is that user', me.$id === userId, me.$id);
  const jwt = await call('account.createJWT', () => account.createJWT());
  const withJwt = new Account(new Client().setEndpoint(endpoint).setProject(project).setJWT(jwt.jwt));
  const meAgain = await call('account.get (setJWT)', () => withJwt.get());
  check('a client with setJWT is that user', meAgain.$id === userId, meAgain.$id);
  const current = await call('account.getSession', () => account.getSession({ sessionId: 'current' }));
  check('the current session is the one made with the key', current.$id === session.$id, current.$id);
  await call('account.deleteSession', () => account.deleteSession({ sessionId: 'current' }));
  const after = await refused(() => account.get());
  check('a deleted session opens nothing', after === 401, `${after}`);

  await call('teams.deleteMembership', () => teams.deleteMembership({ teamId, membershipId: membership.$id }));
  const remaining = await call('teams.listMemberships', () => teams.listMemberships({ teamId }));
  check('a deleted membership is gone', remaining.total === 0, `total ${remaining.total}`);
  await call('teams.delete', () => teams.delete({ teamId }));
  const teamGone = await refused(() => teams.get({ teamId }));
  check('a deleted team is gone', teamGone === 404, `${teamGone}`);
  await call('users.delete', () => users.delete({ userId }));
  const userGone = await refused(() => users.get({ userId }));
  check('a deleted user is gone', userGone === 404, `${userGone}`);
}

// As `refused`, with the error type: `<status> <type>`.
async function refusedWith(fn) {
  try {
    await fn();
    return 'succeeded';
  } catch (error) {
    return error instanceof AppwriteException ? `${error.code} ${error.type}` : `${error?.name}: ${error?.message}`;
  }
}

// A client of the project holding no credentials yet (each sign-in gets its own).
const newClient = () => new Client().setEndpoint(endpoint).setProject(project);

// Signs in as a client (no key) and reads the account back; the user's ID, or what refused it.
async function signIn(email, password) {
  try {
    const session = await new Account(newClient()).createEmailPasswordSession({ email, password });
    return session.userId;
  } catch (error) {
    return error instanceof AppwriteException ? `refused ${error.code} ${error.type}` : `${error?.name}: ${error?.message}`;
  }
}

// The portable PHPass hash ($P$, salted MD5 iterated 2^log2 times), built with node:crypto.
function phpass(password, salt, log2) {
  const itoa64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const md5 = (bytes) => createHash('md5').update(bytes).digest();
  let hash = md5(Buffer.concat([Buffer.from(salt), Buffer.from(password)]));
  for (let i = 0; i < 2 ** log2; i += 1) hash = md5(Buffer.concat([hash, Buffer.from(password)]));
  let out = '';
  for (let i = 0; i < hash.length; i += 3) {
    const chunk = hash.subarray(i, i + 3);
    const value = chunk.reduce((acc, b, j) => acc | (b << (8 * j)), 0);
    for (let j = 0; j <= chunk.length; j += 1) out += itoa64[(value >> (6 * j)) & 0x3f];
  }
  return `$P$${itoa64[log2]}${salt}${out}`;
}

// Firebase's modified scrypt: scrypt(password, salt + separator, N=2^14, r=8, p=1) keys
// AES-256-CTR (zero IV), which encrypts the signer key; the hash is that, base64.
function firebaseScrypt(password, salt, separator, signerKey) {
  const key = scryptSync(Buffer.from(password), Buffer.concat([Buffer.from(salt, 'base64'), Buffer.from(separator, 'base64')]), 64,
    { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }).subarray(0, 32);
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  return Buffer.concat([cipher.update(Buffer.from(signerKey, 'base64')), cipher.final()]).toString('base64');
}

// Every Users operation an app uses, and what each one changes for the user as a client.
async function usersService() {
  const users = new Users(server);
  const userId = ID.unique();
  const email = `${userId}@example.com`;
  const password = 'sdk-check-password';
  await call('users.create', () => users.create({ userId, email, password, name: 'Grace' }));
  try {
    const twice = await refusedWith(() => users.create({ userId, email: `${userId}.other@example.com`, password }));
    check('users.create with a taken ID is refused with 409 user_already_exists', twice === '409 user_already_exists', twice);
    const labelled = await call('users.updateLabels', () => users.updateLabels({ userId, labels: ['vip', 'beta'] }));
    check('users.updateLabels: the user carries its labels', JSON.stringify(labelled.labels) === '["vip","beta"]', JSON.stringify(labelled.labels));
    const byLabel = await call('users.list (labels contains vip)', () => users.list({ queries: [Query.contains('labels', ['vip'])] }));
    check('users.list finds the user by its label', byLabel.users.some((u) => u.$id === userId), `total ${byLabel.total}`);

    const prefs = await call('users.updatePrefs', () => users.updatePrefs({ userId, prefs: { theme: 'dark', size: 3 } }));
    const samePrefs = (p) => p?.theme === 'dark' && p?.size === 3 && Object.keys(p).length === 2;
    check('users.updatePrefs answers the prefs', samePrefs(prefs), JSON.stringify(prefs));
    const readPrefs = await call('users.getPrefs', () => users.getPrefs({ userId }));
    check('users.getPrefs reads them back', samePrefs(readPrefs), JSON.stringify(readPrefs));

    const blocked = await call('users.updateStatus (false)', () => users.updateStatus({ userId, status: false }));
    check('users.updateStatus(false) blocks the user', blocked.status === false, `status ${blocked.status}`);
    const whileBlocked = await signIn(email, password);
    check('a blocked user cannot sign in (account.createEmailPasswordSession: user_blocked)', whileBlocked.endsWith(' user_blocked'), whileBlocked);
    const unblocked = await call('users.updateStatus (true)', () => users.updateStatus({ userId, status: true }));
    check('users.updateStatus(true) unblocks the user', unblocked.status === true, `status ${unblocked.status}`);
    const afterUnblock = await signIn(email, password);
    check('an unblocked user signs in again', afterUnblock === userId, afterUnblock);

    const verified = await call('users.updateEmailVerification (true)', () => users.updateEmailVerification({ userId, emailVerification: true }));
    check('users.updateEmailVerification(true) verifies the email', verified.emailVerification === true, `${verified.emailVerification}`);
    const unverified = await call('users.updateEmailVerification (false)',
      () => users.updateEmailVerification({ userId, emailVerification: false }));
    check('users.updateEmailVerification(false) takes it back', unverified.emailVerification === false, `${unverified.emailVerification}`);
    const phone = `+1415${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0')}`;
    const withPhone = await call('users.updatePhone', () => users.updatePhone({ userId, number: phone }));
    check('users.updatePhone sets the phone', withPhone.phone === phone, withPhone.phone);
    const phoneVerified = await call('users.updatePhoneVerification', () => users.updatePhoneVerification({ userId, phoneVerification: true }));
    check('users.updatePhoneVerification(true) verifies the phone', phoneVerified.phoneVerification === true, `${phoneVerified.phoneVerification}`);

    const renamed = await call('users.updateName', () => users.updateName({ userId, name: 'Grace Hopper' }));
    check('users.updateName renames the user', renamed.name === 'Grace Hopper', renamed.name);
    const newEmail = `${userId}.new@example.com`;
    const moved = await call('users.updateEmail', () => users.updateEmail({ userId, email: newEmail }));
    check('users.updateEmail changes the email', moved.email === newEmail, moved.email);
    const newPassword = 'sdk-check-password-2';
    await call('users.updatePassword', () => users.updatePassword({ userId, password: newPassword }));
    const withNew = await signIn(newEmail, newPassword);
    check('after users.updatePassword the new password signs in', withNew === userId, withNew);
    const withOld = await signIn(newEmail, password);
    check('after users.updatePassword the old password is refused', withOld.startsWith('refused 401'), withOld);

    // A session the server makes, handed to a client that holds only its secret.
    const made = await call('users.createSession', () => users.createSession({ userId }));
    check('users.createSession returns a secret', made.userId === userId && made.secret !== '', `userId ${made.userId}, secret ${made.secret ? 'set' : 'empty'}`);
    const asUser = new Account(newClient().setSession(made.secret));
    const me = await call('account.get (setSession with users.createSession)', () => asUser.get());
    check('a client with that session is the user', me.$id === userId && me.name === 'Grace Hopper', `${me.$id}, ${me.name}`);
    await call('users.updateStatus (false)', () => users.updateStatus({ userId, status: false }));
    const blockedSession = await refusedWith(() => asUser.get());
    check('a blocked user\'s session is refused (account.get: user_blocked)', blockedSession.endsWith(' user_blocked'), blockedSession);
    await call('users.updateStatus (true)', () => users.updateStatus({ userId, status: true }));
    const backAgain = await call('account.get (after unblocking)', () => asUser.get());
    check('the session works again once the user is unblocked', backAgain.$id === userId, backAgain.$id);

    // A token the server makes, exchanged by a client for a session.
    const token = await call('users.createToken', () => users.createToken({ userId, length: 12, expire: 900 }));
    check('users.createToken makes a secret of the asked length', token.userId === userId && token.secret.length === 12,
      `userId ${token.userId}, ${token.secret.length} characters`);
    const exchanged = await call('account.createSession (token)', () => new Account(newClient()).createSession({ userId, secret: token.secret }));
    check('account.createSession turns the token into a session', exchanged.userId === userId, exchanged.userId);
    const again = await refused(() => new Account(newClient()).createSession({ userId, secret: token.secret }));
    check('a used token cannot be exchanged twice', again === 401, `${again}`);

    // A JWT the server makes for the user, used with setJWT.
    const jwt = await call('users.createJWT', () => users.createJWT({ userId, duration: 60 }));
    const claims = (() => {
      try {
        return JSON.parse(Buffer.from(jwt.jwt.split('.')[1], 'base64url').toString());
      } catch {
        return {};
      }
    })();
    check('users.createJWT returns a JWT that lives the asked 60 s', claims.exp - claims.iat === 60, jwt.jwt);
    const viaJwt = await call('account.get (setJWT with users.createJWT)', () => new Account(newClient().setJWT(jwt.jwt)).get());
    check('a client with that JWT is the user', viaJwt.$id === userId, viaJwt.$id);

    const sessions = await call('users.listSessions', () => users.listSessions({ userId }));
    check('users.listSessions lists the sessions made (2 sign-ins, createSession, the token)', sessions.total === 4 &&
      sessions.sessions.every((s) => s.userId === userId), `total ${sessions.total}`);
    await call('users.deleteSession', () => users.deleteSession({ userId, sessionId: made.$id }));
    const oneGone = await refused(() => asUser.get());
    check('users.deleteSession ends that session', oneGone === 401, `${oneGone}`);
    await call('users.deleteSessions', () => users.deleteSessions({ userId }));
    const none = await call('users.listSessions', () => users.listSessions({ userId }));
    check('users.deleteSessions ends every session', none.total === 0, `total ${none.total}`);
  } finally {
    await call('users.delete', () => users.delete({ userId }));
  }
  const gone = await refused(() => users.get({ userId }));
  check('the user is deleted', gone === 404, `${gone}`);
}

// Users imported with a hash made elsewhere (computed here with node:crypto), each signing in
// as a client with the original password; another password is refused.
async function passwordImports() {
  const users = new Users(server);
  const password = `import-${randomBytes(6).toString('hex')}`;
  const hex = (algorithm) => createHash(algorithm).update(password).digest('hex');
  const firebase = { salt: 'UxLMreBr6tYyjQ==', separator: 'Bw==',
    signerKey: 'XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf1ZAtSOHCjuAAa7Q3oHpCYhXSN9tizHgVOwn6krflQ==' };
  const scrypt = { salt: 'sdk-check-salt', cpu: 1024, memory: 8, parallel: 2, length: 48 };
  const imports = [
    ['md5', 'md5', (user) => users.createMD5User({ ...user, password: hex('md5') })],
    ...[['sha1', PasswordHash.Sha1], ['sha256', PasswordHash.Sha256], ['sha512', PasswordHash.Sha512], ['sha512-256', PasswordHash.Sha512256],
      ['sha3-256', PasswordHash.Sha3256], ['sha3-512', PasswordHash.Sha3512]].map(([algorithm, version]) => [`sha (passwordVersion ${version})`, 'sha',
      (user) => users.createSHAUser({ ...user, password: hex(algorithm), passwordVersion: version })]),
    ['sha (no passwordVersion: sha3-512)', 'sha', (user) => users.createSHAUser({ ...user, password: hex('sha3-512') })],
    [`scrypt (N ${scrypt.cpu}, r ${scrypt.memory}, p ${scrypt.parallel}, ${scrypt.length} bytes)`, 'scrypt', (user) => users.createScryptUser({
      ...user,
      password: scryptSync(password, scrypt.salt, scrypt.length, { N: scrypt.cpu, r: scrypt.memory, p: scrypt.parallel }).toString('hex'),
      passwordSalt: scrypt.salt, passwordCpu: scrypt.cpu, passwordMemory: scrypt.memory, passwordParallel: scrypt.parallel, passwordLength: scrypt.length,
    })],
    ['scrypt-modified (Firebase)', 'scryptMod', (user) => users.createScryptModifiedUser({
      ...user, password: firebaseScrypt(password, firebase.salt, firebase.separator, firebase.signerKey),
      passwordSalt: firebase.salt, passwordSaltSeparator: firebase.separator, passwordSignerKey: firebase.signerKey,
    })],
    ['phpass (portable $P$)', 'phpass', (user) => users.createPHPassUser({ ...user, password: phpass(password, randomBytes(4).toString('hex'), 8) })],
  ];
  for (const [label, hash, create] of imports) {
    const userId = ID.unique();
    const email = `${userId}@example.com`;
    let created = false;
    try {
      const user = await call(`users.create ${label}`, () => create({ userId, email, name: 'Imported' }));
      created = true;
      check(`${label}: the imported user reports hash ${hash}`, user.hash === hash && user.hashOptions?.type === hash,
        `hash ${user.hash}, hashOptions ${JSON.stringify(user.hashOptions)}`);
      if (hash === 'scrypt') {
        const { costCpu, costMemory, costParallel, length } = user.hashOptions ?? {};
        check(`${label}: hashOptions keep the scrypt parameters`, `${[costCpu, costMemory, costParallel, length]}` ===
          `${[scrypt.cpu, scrypt.memory, scrypt.parallel, scrypt.length]}`, JSON.stringify(user.hashOptions));
      }
      const wrong = await signIn(email, `${password}x`);
      check(`${label}: a wrong password is refused`, wrong.startsWith('refused 401'), wrong);
      const right = await signIn(email, password);
      check(`${label}: the original password signs in (account.createEmailPasswordSession)`, right === userId, right);
      const rehashed = await call(`users.get (${label}, after the first sign-in)`, () => users.get({ userId }));
      check(`${label}: the first sign-in re-hashes the password with argon2`, rehashed.hash === 'argon2' && rehashed.hashOptions?.type === 'argon2',
        `hash ${rehashed.hash}, hashOptions ${JSON.stringify(rehashed.hashOptions)}`);
    } catch (error) {
      if (!(error instanceof CallFailed)) throw error;
      check(`${label}: every SDK call succeeds`, false, error.message);
    } finally {
      // A refused import leaves nothing to delete, and the next import still runs.
      if (created) await call(`users.delete (${label})`, () => users.delete({ userId }));
    }
  }
}

await section('storage and tokens', storageAndTokens);
await section('databases', databases);
await section('users, teams and sessions', usersTeamsAndSessions);
await section('users', usersService);
await section('password imports', passwordImports);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
