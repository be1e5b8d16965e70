const { prefixListIds, handler } = require('../../lib/constructs/prefix-list-lookup/index.js') as {
  prefixListIds: (names: Record<string, string>, describe: (wanted: string[]) => Promise<unknown[]>) => Promise<Record<string, string>>;
  handler: (event: { RequestType: string }) => Promise<unknown>;
};

const NAMES = { S3: 'com.amazonaws.eu-central-1.s3', DynamoDb: 'com.amazonaws.eu-central-1.dynamodb' };

describe('the managed prefix-list lookup (deploy-time provider)', () => {
  test('returns the id of each named list, asking for exactly those names', async () => {
    const asked: string[][] = [];
    const ids = await prefixListIds(NAMES, async (wanted) => {
      asked.push(wanted);
      return [
        { PrefixListName: 'com.amazonaws.eu-central-1.dynamodb', PrefixListId: 'pl-66a5400f' },
        { PrefixListName: 'com.amazonaws.eu-central-1.s3', PrefixListId: 'pl-6ea54007' },
      ];
    });
    expect(ids).toEqual({ S3: 'pl-6ea54007', DynamoDb: 'pl-66a5400f' });
    expect(asked).toEqual([[NAMES.S3, NAMES.DynamoDb]]);
  });

  test('fails the deploy, naming the list, when the region lacks one', async () => {
    await expect(prefixListIds(NAMES, async () => [{ PrefixListName: NAMES.S3, PrefixListId: 'pl-1' }]))
      .rejects.toThrow(/not found in this region: com\.amazonaws\.eu-central-1\.dynamodb/);
  });

  test('does nothing on delete (the lists are AWS\'s)', async () => {
    await expect(handler({ RequestType: 'Delete' })).resolves.toEqual({});
  });
});
