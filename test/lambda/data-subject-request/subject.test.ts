import { SubjectIdentifiers, splitLines, validateSubjectRequest } from '../../../lambda/data-subject-request/subject';

describe('validateSubjectRequest', () => {
  test('accepts an e-mail, a user name or both', () => {
    expect(validateSubjectRequest({ tenantId: 'acme', mode: 'find', email: 'Jane.Doe+vpn@example.co.uk' })).toMatchObject({ mode: 'find' });
    expect(validateSubjectRequest({ tenantId: 'acme', mode: 'erase', userName: 'jane.doe' })).toMatchObject({ userName: 'jane.doe' });
  });

  test.each([
    [{ tenantId: 'acme', mode: 'find', email: 'jane' }, /^email: "jane" is not a well-formed e-mail address/],
    [{ tenantId: 'acme', mode: 'find', email: 'jane@example' }, /^email: /],
    [{ tenantId: 'acme', mode: 'find', email: 'a"b@example.com' }, /^email: /],
    [{ tenantId: 'acme', mode: 'find', userName: 'jane doe' }, /^userName: /],
    [{ tenantId: 'acme', mode: 'delete', userName: 'jane' }, /^mode: must be one of find, export, erase/],
    ['erase jane', /^\(request\): must be an object/],
  ])('refuses %j naming the field', (request, message) => {
    expect(() => validateSubjectRequest(request)).toThrow(message);
  });
});

describe('splitLines', () => {
  const subject = new SubjectIdentifiers();
  subject.add('Jane@Example.com');
  subject.add('jane');

  test('separates the subject’s lines by user, userName or email, case-insensitively, keeping the rest and non-JSON lines', () => {
    const text = [
      '{"user":"JANE","app":"crm"}',
      '{"email":"jane@example.com"}',
      '{"userName":"jane"}',
      '{"user":"janet","email":"janet@example.com"}',
      'not json at all',
      '',
    ].join('\n');
    const { matched, kept } = splitLines(text, subject);
    expect(matched).toHaveLength(3);
    expect(kept).toEqual(['{"user":"janet","email":"janet@example.com"}', 'not json at all']);
  });
});
