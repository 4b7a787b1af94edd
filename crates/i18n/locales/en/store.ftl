# The stores' messages (the ledger file, PostgreSQL, S3) in English. Every
# message is also in fi/store.ftl with the same arguments.

## Frames

store-at = { $place }: { $detail }
ledger-newer-format = { $file }: entry { $seq } is written in ledger format { $format }, but this tarkka reads format { $ours }; upgrade tarkka to read it
ledger-bad-tail = { $file }: the last entry cannot be read ({ $detail }); run `tarkka verify` to see why
ledger-unreadable-line = { $file }:{ $line }: this line of the ledger cannot be read ({ $detail }); run `tarkka verify` to see why

## A PostgreSQL ledger's URL

pg-url-scheme = a PostgreSQL ledger is a URL that starts with postgres://
pg-url-password = the URL carries a password, which would be written in tarkka.toml; leave it out and put it in ~/.pgpass (or PGPASSWORD)
pg-url-parameter = `{ $parameter }` is not a connection parameter tarkka reads (sslmode, sslrootcert, host, port, user, dbname, application_name, options, connect_timeout)
pg-url-port = the part after the host and `:` is not a port number (a password never goes in the URL: put it in ~/.pgpass or PGPASSWORD)
pg-url-user = no user: name one in the URL (postgres://USER@HOST/DB) or in PGUSER
pg-url-sslmode = sslmode `{ $mode }` is none of disable, allow, prefer, require, verify-ca, verify-full
pg-url-timeout = connect_timeout `{ $timeout }` is not a number of seconds
pg-url-bracket = an IPv6 host in brackets lacks its closing `]`
pg-url-hosts = tarkka connects to one host; name the primary
pg-url-escape-short = a `%` escape is cut short
pg-url-escape = `%{ $hex }` is no escape
pg-url-utf8 = the URL is not UTF-8 once unescaped

## Connecting to PostgreSQL

pg-password-none = the server asks for a password and none was found: tarkka reads PGPASSWORD, then the password file (PGPASSFILE, else ~/.pgpass) for a line host:port:database:user:password
pg-password-open = the server asks for a password and none was found: tarkka reads PGPASSWORD, then the password file (PGPASSFILE, else ~/.pgpass) for a line host:port:database:user:password; { $file } can be read by others, so it was not read (as libpq does): chmod 600 { $file }
pg-rootcert = sslrootcert { $file }: { $error }
pg-no-roots = verify-ca/verify-full: no root certificate to check the server's against (set sslrootcert or PGSSLROOTCERT)
pg-certificate = { $error } — { $plain }
pg-certificate-ca = the server presents a CA certificate as its own, which rustls refuses (libpq accepts it): give the server a certificate with basicConstraints CA:FALSE that names its host in subjectAltName (docs/team.md, "Many auditors")
pg-certificate-issuer = the server's certificate is not signed by a root tarkka trusts: name the CA's certificate in sslrootcert= or PGSSLROOTCERT
pg-certificate-name = the server's certificate does not name the host in the URL: its subjectAltName must hold that name (or IP address)
pg-certificate-expired = the server's certificate has expired
pg-connection-lost = { $error } (the connection to the server was lost, and with it the transaction: nothing of it was recorded; run the command again once the server answers)
pg-cannot-connect = cannot connect: { $error }
pg-ledger-exists = the database already holds a tarkka ledger; a new workspace, or a copy, needs an empty database (`createdb` makes one); a directory workspace goes to the team store with `tarkka workspace copy`
pg-copy-not-empty = the database holds a ledger already ({ $count ->
    [one] { $count } entry
   *[other] { $count } entries
}); a copy needs an empty one
pg-copy-torn-source = the last line has no newline: an unfinished write (run `tarkka ledger repair` on the source first)
pg-commit-lost = the connection was lost while the server was inserting and committing ({ $error }): the entries may or may not be recorded. `tarkka verify` shows the head and `tarkka encounter show` what is recorded; run the command again only for what is missing
pg-row-form = the server sent the last row in a form tarkka does not read
pg-row-hash = entry { $seq } does not match its hash
pg-row-holds = row { $row } holds entry { $seq }
pg-line-too-long = a line longer than 2 GiB

## S3-compatible evidence stores

s3-url-scheme = an S3 evidence store is a URL s3://BUCKET/PREFIX
s3-url-bucket = the URL names no bucket: s3://BUCKET/PREFIX
s3-url-credentials = the URL carries credentials, which would be written in tarkka.toml; leave them out and use AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or ~/.aws/credentials
s3-url-parameter = `{ $parameter }` is not a parameter tarkka reads for S3 (endpoint, region); credentials come from the environment or ~/.aws/credentials
s3-no-credentials = no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile in ~/.aws/credentials (AWS_PROFILE)
s3-resume-changed = { $file } changed since its interrupted upload (part { $part } differs); the upload was abandoned, so run the command again to send it anew
s3-resume-shorter = { $file } is shorter than at its interrupted upload; the upload was abandoned, so run the command again to send it anew

## Evidence paths, bags and proofs

store-not-a-file = not a regular file
evidence-path-not-plain = `{ $location }` is not a plain path inside the workspace (absolute, or with `..`)
evidence-path-symlink = `{ $location }` passes through a symbolic link, which could lead outside the workspace
evidence-in-place-outside = evidence kept in place must be inside the workspace; copy it in instead (leave out --in-place)
evidence-path-utf8 = the path is not valid UTF-8
evidence-path-workspace = that is the workspace itself, not a file
bag-exists = exists already; a bag is written to a new directory
bag-not-a-bag = has no bagit.txt: not a BagIt bag
bag-evidence-altered = { $file } of `{ $encounter }` no longer matches the ledger (recorded { $size } bytes, SHA-256 { $sha256 }; found { $found_size } bytes, { $found }); run `tarkka verify` — altered evidence is not exported
proof-line-unreadable = line { $line } has no readable hash: run `tarkka verify`
proof-no-encounter = no encounter `{ $encounter }` in the ledger
proof-ledger-short = the ledger has { $lines ->
    [one] { $lines } line
   *[other] { $lines } lines
}, fewer than the checkpoint's { $size }: run `tarkka verify`
proof-ledger-differs = the ledger's first { $size } lines are not those its checkpoint signed: run `tarkka verify`
proof-fewer-lines = the ledger has fewer than { $old } lines

## Copying a workspace

copy-differs = the copy does not match its source: { $what } { $a } there, { $b } in the copy; nothing was copied
copy-differs-entries = entries
copy-differs-head = head
copy-differs-root = Merkle root
copy-torn-source = the last line has no newline: an unfinished write (run `tarkka ledger repair` first)
pg-copy-unsigned = the server's COPY output has no binary signature
