-- Deterministic sample accounts: ${users} users with identities and profiles, values derived from
-- the row number (md5), never random(), so two runs produce identical tables. Runs in one
-- transaction; the caller analyzes the tables afterwards.
-- base: row number i, its md5 h, a non-negative 28-bit pseudo-random r
CREATE TEMP VIEW base AS
SELECT i, h, ('x' || substr(h, 1, 7))::bit(28)::int AS r
FROM (SELECT i, md5(i::text) AS h FROM generate_series(1, ${users}) AS i) s;

INSERT INTO users (id, public_id, email, username, password_hash, display_name,
                   created_at, updated_at, last_login_at, is_active, email_verified,
                   failed_logins, roles, settings, phone, locale, totp_secret)
SELECT
  i,
  md5('pub' || i)::uuid,
  CASE WHEN i % 50 = 0 THEN 'First.Last+' || i || '@Example.COM'
       ELSE 'user' || i || '@' || (ARRAY['gmail.com','example.org','outlook.com','yahoo.co.jp','mail.example.de'])[1 + r % 5]
  END,
  CASE WHEN i % 7 = 0 THEN 'user.' || i ELSE substr(h, 1, 6) || '_' || i END,
  '$2b$12$' || substr(translate(encode(decode(h || md5(h) || md5(h || 'x'), 'hex'), 'base64'), E'+=\n', '.'), 1, 53),
  CASE WHEN i % 18 = 13 THEN ''
       ELSE (ARRAY['José García', 'Zoë Ødegård', 'François D''Arcy', 'Anna "Annie" Smith',
                   '山田 太郎', 'Ιωάννης Παπαδόπουλος', 'Олег Иванов', '😀 Happy Dev',
                   '👩‍💻 Ada L.', '𝓙𝓪𝓷𝓮 𝓓𝓸𝓮', 'back\slash C:\Users\bob', E'two\nlines',
                   E'tab\there', 'x', 'Müller-Lüdenscheidt', 'Nguyễn Văn Ánh', 'محمد علي',
                   '🇫🇷 Émilie 𝄞'])[1 + i % 18] || ' ' || (r % 1000)
  END,
  ts.c,
  ts.c + (r % 400) * interval '1 day',
  CASE WHEN i % 5 = 0 THEN NULL ELSE ts.c + (r % 900) * interval '1 day' + (r % 3600) * interval '1 second' END,
  i % 23 <> 0,
  CASE i % 11 WHEN 0 THEN NULL WHEN 1 THEN false ELSE true END,
  CASE WHEN i % 13 = 0 THEN r % 6 ELSE 0 END,
  CASE WHEN i % 1000 = 1 THEN ARRAY['admin', 'user']
       WHEN i % 100 = 3  THEN ARRAY['moderator', 'user']
       WHEN i % 250 = 7  THEN ARRAY[]::text[]
       WHEN i % 333 = 5  THEN ARRAY['user', 'beta "tester"', 'a,b\c', NULL]
       ELSE ARRAY['user']
  END,
  jsonb_build_object(
      'theme', (ARRAY['light','dark','system'])[1 + r % 3],
      'notifications', jsonb_build_object('email', i % 2 = 0, 'push', i % 3 = 0,
                                          'digest', (ARRAY['daily','weekly','never'])[1 + i % 3]),
      'beta_features', CASE WHEN i % 10 = 0 THEN '["new-editor","ai-assist"]'::jsonb ELSE '[]'::jsonb END,
      'page_size', 10 + r % 90)
    || CASE WHEN i % 97 = 0 THEN jsonb_build_object('note', E'He said "hi"\nC:\\Users\\bob 🚀 𝄞')
            ELSE '{}'::jsonb END,
  CASE WHEN i % 3 = 0 THEN NULL WHEN i % 101 = 0 THEN ''
       ELSE '+1 555 ' || lpad((r % 10000000)::text, 7, '0') END,
  (ARRAY['en-US','fr-FR','de-DE','ja-JP','pt-BR','es-ES','en-GB'])[1 + i % 7],
  CASE WHEN i % 4 = 0 THEN decode(substr(md5('totp' || i) || md5('totp2' || i), 1, 40), 'hex') END
FROM base
CROSS JOIN LATERAL (SELECT timestamptz '2015-01-01 00:00:00+00'
                           + (i::float8 / ${users}) * interval '3000 days'
                           + (r % 1000000) * interval '1 microsecond' AS c) ts;

INSERT INTO user_identities (id, user_id, provider, provider_uid, provider_email,
                             raw_claims, created_at, last_used_at)
SELECT
  row_number() OVER (ORDER BY i, p.ord),
  i,
  p.name,
  CASE p.name WHEN 'google' THEN (100000000000000000000::numeric + i)::text
              WHEN 'github' THEN (i * 7)::text
              ELSE '001234.' || md5('apple' || i) || '.0815' END,
  CASE WHEN i % 9 = 0 THEN NULL ELSE 'user' || i || '@' || p.name || '.example' END,
  CASE WHEN i % 6 = 0 THEN NULL
       ELSE jsonb_build_object('sub', i, 'email_verified', i % 5 <> 0,
                               'name', (ARRAY['Zoë', 'D''Arcy', '"Q"', '山田', '😀', E'a\\b'])[1 + i % 6],
                               'picture', 'https://avatars.example/' || substr(h, 1, 12),
                               'iat', 1600000000 + r % 100000000) END,
  timestamptz '2015-06-01 00:00:00+00' + (r % 3000) * interval '1 day' + p.ord * interval '1 hour',
  CASE WHEN i % 4 = 0 THEN NULL
       ELSE timestamptz '2023-01-01 00:00:00+00' + (r % 500) * interval '1 day' + (r % 86400000) * interval '1 millisecond' END
FROM base
JOIN (VALUES (1, 'google'), (2, 'github'), (3, 'apple')) AS p(ord, name)
  ON (p.ord = 1 AND i % 3 <> 0) OR (p.ord = 2 AND i % 2 = 0) OR (p.ord = 3 AND i % 4 = 1);

INSERT INTO user_profiles (user_id, bio, avatar_url, website, birth_date, timezone,
                           address, marketing_opt_in, updated_at)
SELECT
  i,
  CASE WHEN i % 6 = 0 THEN NULL WHEN i % 6 = 1 THEN ''
       ELSE 'User ' || i || ': ' || substr(
         repeat(E'Hi! I''m a developer from Zürich. I like "quoted" things, back\\slashes, tabs\tand newlines.\n'
                || E'Second paragraph: 日本語もできます。😀🎉 𝄞 — café, naïve, façade.\n'
                || E'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.\n', 6),
         1 + r % 50, 40 + r % 1400)
  END,
  CASE WHEN i % 5 = 0 THEN NULL ELSE 'https://cdn.example.com/avatars/' || md5('av' || i) || '.png' END,
  CASE WHEN i % 4 = 0 THEN 'https://example.com/~user' || i ELSE NULL END,
  CASE WHEN i % 3 = 0 THEN NULL ELSE date '1950-01-01' + r % 20000 END,
  (ARRAY['UTC','Europe/Paris','America/New_York','Asia/Tokyo','America/Sao_Paulo','Europe/Berlin'])[1 + i % 6],
  CASE WHEN i % 2 = 0 THEN jsonb_build_object(
         'street', (r % 999 + 1) || ' Rue de l''Église',
         'city', (ARRAY['Paris','Köln','東京','São Paulo','New York'])[1 + r % 5],
         'zip', lpad((r % 99999)::text, 5, '0'),
         'country', (ARRAY['FR','DE','JP','BR','US'])[1 + r % 5]) END,
  i % 3 = 1,
  timestamptz '2020-01-01 00:00:00+00' + (r % 1500) * interval '1 day'
FROM base
WHERE i % 10 <> 0;

SELECT setval(pg_get_serial_sequence('users', 'id'), ${users});
SELECT setval(pg_get_serial_sequence('user_identities', 'id'), (SELECT max(id) FROM user_identities));
