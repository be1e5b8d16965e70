import {
  canonicalEmail,
  emailSpellings,
  SubjectIdentifiers,
  splitLines,
  validateSubjectRequest,
} from '../../../lambda/data-subject-request/subject';

describe('validateSubjectRequest', () => {
  test('accepts an e-mail, a user name or both', () => {
    expect(validateSubjectRequest({ tenantId: 'acme', mode: 'find', email: 'Jane.Doe+vpn@example.co.uk' })).toMatchObject({ mode: 'find' });
    expect(validateSubjectRequest({ tenantId: 'acme', mode: 'erase', userName: 'jane.doe' })).toMatchObject({ userName: 'jane.doe' });
  });

  test.each([
    'jürgen@müller.de', // non-ASCII local part and domain (RFC 6531)
    'θσερ@παράδειγμα.δοκιμή',
    '用户@例子.广告',
    'jane@xn--bcher-kva.de',
  ])('accepts the internationalised address %s', (email) => {
    expect(validateSubjectRequest({ tenantId: 'acme', mode: 'find', email }).email).toBe(email.normalize('NFC'));
  });

  test('returns the identifiers NFC-normalised', () => {
    const nfd = 'Zoe\u0308@example.com'; // "Zoë" with a combining diaeresis
    expect(validateSubjectRequest({ tenantId: 'acme', mode: 'find', email: nfd, userName: 'zoe\u0308' })).toMatchObject({
      email: 'Zo\u00eb@example.com', userName: 'zo\u00eb',
    });
  });

  test.each([
    [{ tenantId: 'acme', mode: 'find', email: 'jane' }, /^email: "jane" is not a well-formed e-mail address/],
    [{ tenantId: 'acme', mode: 'find', email: 'jane@example' }, /^email: /],
    [{ tenantId: 'acme', mode: 'find', email: 'a"b@example.com' }, /^email: /],
    [{ tenantId: 'acme', mode: 'find', email: 'ja ne@example.com' }, /^email: /],
    [{ tenantId: 'acme', mode: 'find', email: 'jane@exa_mple.com' }, /^email: /],
    [{ tenantId: 'acme', mode: 'find', email: 'jane..doe@example.com' }, /^email: /],
    [{ tenantId: 'acme', mode: 'find', email: `${'ü'.repeat(33)}@example.com` }, /^email: /], // 66 octets in the local part
    [{ tenantId: 'acme', mode: 'find', userName: 'jane doe' }, /^userName: /],
    [{ tenantId: 'acme', mode: 'delete', userName: 'jane' }, /^mode: must be one of find, export, erase/],
    ['erase jane', /^\(request\): must be an object/],
  ])('refuses %j naming the field', (request, message) => {
    expect(() => validateSubjectRequest(request)).toThrow(message);
  });
});

describe('canonicalEmail: case rules per part of the address', () => {
  test('the domain is case-insensitive and one domain in Unicode and IDNA form', () => {
    expect(canonicalEmail('jane@EXAMPLE.Com')).toBe('jane@example.com');
    expect(canonicalEmail('jürgen@Bücher.DE')).toBe(canonicalEmail('jürgen@xn--bcher-kva.de'));
  });

  test('the local part keeps its case (RFC 5321 §2.4) and is NFC-normalised', () => {
    expect(canonicalEmail('Jane@example.com')).not.toBe(canonicalEmail('jane@example.com'));
    expect(canonicalEmail('Zoe\u0308@example.com')).toBe(canonicalEmail('Zo\u00eb@example.com'));
  });

  test('spellings cover NFC and NFD and both forms of the domain, for stores that compare exactly', () => {
    expect(emailSpellings('zo\u00eb@b\u00fccher.de')).toEqual(
      expect.arrayContaining(['zo\u00eb@b\u00fccher.de', 'zoe\u0308@bu\u0308cher.de', 'zo\u00eb@xn--bcher-kva.de']),
    );
  });
});

describe('SubjectIdentifiers and splitLines', () => {
  const subject = new SubjectIdentifiers();
  subject.add('Jane@Example.com');
  subject.add('jane');

  test('separates the subject’s lines by user, userName or email, keeping the rest and non-JSON lines', () => {
    const text = [
      '{"user":"JANE","app":"crm"}',
      '{"email":"Jane@example.COM"}',
      '{"userName":"jane"}',
      '{"email":"jane@example.com"}', // another local part: another mailbox
      '{"user":"janet","email":"janet@example.com"}',
      'not json at all',
      '',
    ].join('\n');
    const { matched, kept } = splitLines(text, subject);
    expect(matched).toEqual(['{"user":"JANE","app":"crm"}', '{"email":"Jane@example.COM"}', '{"userName":"jane"}']);
    expect(kept).toEqual(['{"email":"jane@example.com"}', '{"user":"janet","email":"janet@example.com"}', 'not json at all']);
  });

  test('matches a user name and an address written in another normalisation form', () => {
    const zoe = new SubjectIdentifiers();
    zoe.add('Zo\u00eb'); // NFC, as the request gives it
    zoe.add('zo\u00eb@b\u00fccher.de');
    expect(zoe.matchesAny(['zoe\u0308'])).toBe(true); // NFD, as a device wrote it
    expect(zoe.matchesAny(['ZOE\u0308'])).toBe(true);
    expect(zoe.matchesAny(['zoe\u0308@xn--bcher-kva.de'])).toBe(true);
    expect(zoe.matchesAny(['zoe'])).toBe(false);
  });
});
