// What an app built on the official Node SDK does with Storage and file Tokens, against the
// server named by APPWRITE_ENDPOINT / APPWRITE_PROJECT / APPWRITE_API_KEY. The SDK does its
// own chunking (5 MiB chunks, the first alone, then eight at a time), so this checks that a
// server speaks the protocol the way the SDK expects it, not the way our suite sends it.
// Prints one line per check; exits 1 if any failed.
import { Client, Storage, Tokens, ID } from 'node-appwrite';
import { InputFile } from 'node-appwrite/file';
import { createHash, randomBytes } from 'node:crypto';

const { APPWRITE_ENDPOINT: endpoint, APPWRITE_PROJECT: project, APPWRITE_API_KEY: key } = process.env;
if (!endpoint || !project || !key) {
  console.error('set APPWRITE_ENDPOINT, APPWRITE_PROJECT and APPWRITE_API_KEY');
  process.exit(2);
}
const client = new Client().setEndpoint(endpoint).setProject(project).setKey(key);
const storage = new Storage(client);
const tokens = new Tokens(client);

let failures = 0;
function check(name, ok, detail) {
  if (ok) {
    console.log(`ok   ${name}`);
  } else {
    failures += 1;
    console.log(`FAIL ${name}: ${detail}`);
  }
}
const digest = (algorithm, bytes) => createHash(algorithm).update(bytes).digest('hex');

const bucketId = `sdk${randomBytes(4).toString('hex')}`;
try {
  await storage.createBucket({ bucketId, name: 'SDK check', permissions: [] });

  // 15 MiB + a little: four chunks, the last one short.
  const data = randomBytes(15 * 1024 * 1024 + 12345);
  const file = await storage.createFile({ bucketId, fileId: ID.unique(), file: InputFile.fromBuffer(data, 'big.bin') });
  check('a 15 MiB upload is complete in 4 chunks', file.chunksTotal === 4 && file.chunksUploaded === 4,
    `chunksTotal ${file.chunksTotal}, chunksUploaded ${file.chunksUploaded}`);
  check('its signature is the MD5 of the content', file.signature === digest('md5', data), file.signature);
  check('its size is the original size', file.sizeOriginal === data.length, `${file.sizeOriginal}`);

  const downloaded = Buffer.from(await storage.getFileDownload({ bucketId, fileId: file.$id }));
  check('the download is byte-identical', digest('sha256', downloaded) === digest('sha256', data), `${downloaded.length} bytes`);

  const token = await tokens.createFileToken({ bucketId, fileId: file.$id });
  check('a file token has a JWT secret', typeof token.secret === 'string' && token.secret.split('.').length === 3, typeof token.secret);
  const view = (query) => fetch(`${endpoint}/storage/buckets/${bucketId}/files/${file.$id}/view?project=${project}${query}`);
  const withToken = await view(`&token=${encodeURIComponent(token.secret)}`);
  const viewed = Buffer.from(await withToken.arrayBuffer());
  check('a guest views the file with the token', withToken.status === 200 && digest('sha256', viewed) === digest('sha256', data),
    `status ${withToken.status}`);
  const without = await view('');
  check('a guest without the token is refused', without.status === 401, `status ${without.status}`);

  const listed = await tokens.list({ bucketId, fileId: file.$id });
  check('the file lists its token', listed.total === 1 && listed.tokens[0].$id === token.$id, `total ${listed.total}`);
  const later = new Date(Date.now() + 86_400_000).toISOString();
  const updated = await tokens.update({ tokenId: token.$id, expire: later });
  check('the token takes an expiry', Date.parse(updated.expire) === Date.parse(later), updated.expire);
  await tokens.delete({ tokenId: token.$id });
  const afterDelete = await view(`&token=${encodeURIComponent(token.secret)}`);
  check('a deleted token opens nothing', afterDelete.status === 401, `status ${afterDelete.status}`);
} catch (error) {
  failures += 1;
  console.log(`FAIL the SDK threw: ${error?.code ?? ''} ${error?.type ?? ''} ${error?.message ?? error}`);
} finally {
  await storage.deleteBucket({ bucketId }).catch(() => {});
}
process.exit(failures === 0 ? 0 : 1);
