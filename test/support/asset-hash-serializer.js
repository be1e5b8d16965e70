// Asset hashes change whenever any bundled byte changes (a dependency bump, a comment in a
// handler). Snapshots are about infrastructure, so every 64-hex asset hash is replaced by a
// stable placeholder; the snapshot then changes only when a resource or property does.
const ASSET_HASH = /[0-9a-f]{64}(\.zip|\.json)?/g;

module.exports = {
  test(value) {
    return typeof value === 'string' && /[0-9a-f]{64}/.test(value);
  },
  serialize(value) {
    return JSON.stringify(value.replace(ASSET_HASH, (_m, ext) => `[ASSET_HASH]${ext ?? ''}`));
  },
};
