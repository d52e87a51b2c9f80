/** The store's SQL, for one quoted schema `s`. */
export function postgresQueries(s: string) {
  // The newest/oldest `limit` entries of each of the reader's feeds (one index range
  // scan each), merged and deduplicated: a notification in two of its feeds counts once.
  const inboxPositions = (where: string, order: 'ASC' | 'DESC') => `
    SELECT DISTINCT e.position
    FROM unnest($1::text[]) AS f(feed)
    CROSS JOIN LATERAL (
      SELECT position FROM ${s}.feed_entries
      WHERE feed = f.feed AND ${where} ORDER BY position ${order} LIMIT $3
    ) e
    ORDER BY e.position ${order} LIMIT $3`;
  const columns = 'n.position, n.id, n.type, n.data, n.created_at';
  const readUpto = `coalesce((SELECT read_upto FROM ${s}.read_marks WHERE user_id = $2), 0)`;
  // Deletes the entries the CTE `doomed` names and raises their feeds' trimmed_upto in
  // the same statement, so no reader sees the entries gone while resumeBounds still says nothing was trimmed.
  const removeEntries = `
    removed AS (
      DELETE FROM ${s}.feed_entries e USING doomed d
      WHERE e.feed = d.feed AND e.position = d.position
      RETURNING e.feed, e.position
    ), trimmed AS (
      INSERT INTO ${s}.feeds AS f (feed, trimmed_upto)
      SELECT feed, max(position) FROM removed GROUP BY feed
      ON CONFLICT (feed) DO UPDATE SET trimmed_upto = greatest(f.trimmed_upto, EXCLUDED.trimmed_upto)
    )
    SELECT count(*)::int AS removed, coalesce(array_agg(DISTINCT position), '{}') AS positions FROM removed`;

  return {
    epoch: `SELECT epoch FROM ${s}.meta`,
    head: `SELECT position FROM ${s}.meta`,
    /** Notifications an append ran into: a redelivery's key, or a retry whose answer was lost (its id). */
    findExisting: `SELECT ${columns}, n.key FROM ${s}.notifications n WHERE n.key = ANY($1::text[]) OR n.id = ANY($2::uuid[])`,
    // One statement, so one round trip and its own transaction: the UPDATE takes the counter
    // row and holds it until commit, so writers take positions and commit in the same order;
    // the batch goes to base + 1, base + 2, ... A draft whose key or id is already stored is
    // skipped (ON CONFLICT sees rows committed after this statement's snapshot, so the writer
    // that held the counter before us is seen); its position stays a gap, and `positions`
    // says which were inserted (null when all were).
    appendBatch: `
      WITH bump AS (
        UPDATE ${s}.meta SET position = position + $1 RETURNING position - $1 AS base
      ), inserted AS (
        INSERT INTO ${s}.notifications (position, id, type, data, created_at, key)
        SELECT bump.base + d.ordinal, d.id, d.type, d.data, d.created_at, d.key
        FROM bump, unnest($2::uuid[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::text[])
          WITH ORDINALITY AS d(id, type, data, created_at, key, ordinal)
        ON CONFLICT DO NOTHING
        RETURNING position
      ), entries AS (
        INSERT INTO ${s}.feed_entries (feed, position)
        SELECT e.feed, bump.base + e.ordinal FROM bump, unnest($7::text[], $8::bigint[]) AS e(feed, ordinal)
        WHERE bump.base + e.ordinal IN (SELECT position FROM inserted)
      )
      SELECT base, CASE WHEN (SELECT count(*) FROM inserted) < $1 THEN array(SELECT position FROM inserted) END AS positions
      FROM bump`,
    readAfter: `
      SELECT ${columns} FROM (${inboxPositions('position > $2', 'ASC')}) p
      JOIN ${s}.notifications n ON n.position = p.position
      ORDER BY n.position`,
    countBetween: `
      SELECT count(DISTINCT position)::int AS count FROM ${s}.feed_entries
      WHERE feed = ANY($1::text[]) AND position > $2 AND position <= $3`,
    list: `
      SELECT ${columns}, (n.position <= coalesce(m.read_upto, 0) OR r.position IS NOT NULL) AS read
      FROM (${inboxPositions('position < $2', 'DESC')}) p
      JOIN ${s}.notifications n ON n.position = p.position
      LEFT JOIN ${s}.read_marks m ON m.user_id = $4
      LEFT JOIN ${s}.reads r ON r.user_id = $4 AND r.position = n.position
      ORDER BY n.position DESC`,
    unreadCount: `
      SELECT count(*)::int AS unread FROM (
        SELECT DISTINCT position FROM ${s}.feed_entries
        WHERE feed = ANY($1::text[]) AND position > ${readUpto}
      ) p
      WHERE NOT EXISTS (SELECT 1 FROM ${s}.reads r WHERE r.user_id = $2 AND r.position = p.position)`,
    markRead: `
      INSERT INTO ${s}.reads (user_id, position)
      SELECT $2, n.position FROM ${s}.notifications n
      WHERE n.id = ANY($3::uuid[]) AND n.position > ${readUpto}
        AND EXISTS (SELECT 1 FROM ${s}.feed_entries e WHERE e.feed = ANY($1::text[]) AND e.position = n.position)
      ON CONFLICT DO NOTHING`,
    markAllRead: `
      WITH newest AS (
        SELECT max(e.position) AS upto FROM unnest($1::text[]) AS f(feed)
        CROSS JOIN LATERAL (
          SELECT position FROM ${s}.feed_entries WHERE feed = f.feed ORDER BY position DESC LIMIT 1
        ) e
      ), mark AS (
        INSERT INTO ${s}.read_marks AS m (user_id, read_upto)
        SELECT $2, upto FROM newest WHERE upto IS NOT NULL
        ON CONFLICT (user_id) DO UPDATE SET read_upto = greatest(m.read_upto, EXCLUDED.read_upto)
        RETURNING read_upto
      )
      DELETE FROM ${s}.reads WHERE user_id = $2 AND position <= (SELECT read_upto FROM mark)`,
    resumeState: `
      SELECT position AS head,
        coalesce((SELECT max(trimmed_upto) FROM ${s}.feeds WHERE feed = ANY($1::text[])), 0) AS trimmed
      FROM ${s}.meta`,
    /** Serialises sweeps (not writers): two sweeps would otherwise delete the same rows in different orders. */
    lockSweep: `SELECT pg_advisory_xact_lock(hashtext($1))`,
    // Walks the distinct feeds through the primary key (one probe per feed, not a scan
    // of every entry), then cuts each at its ($1 + 1)th newest entry. The cut-offs are
    // materialised: inlined, the planner re-ran the cut-off subquery for every entry.
    removeBeyondCount: `
      WITH RECURSIVE feed_names AS (
        (SELECT feed FROM ${s}.feed_entries ORDER BY feed LIMIT 1)
        UNION ALL
        SELECT (SELECT e.feed FROM ${s}.feed_entries e WHERE e.feed > fn.feed ORDER BY e.feed LIMIT 1)
        FROM feed_names fn WHERE fn.feed IS NOT NULL
      ), cutoffs AS MATERIALIZED (
        SELECT fn.feed, c.position AS upto FROM feed_names fn
        CROSS JOIN LATERAL (
          SELECT position FROM ${s}.feed_entries e WHERE e.feed = fn.feed
          ORDER BY position DESC OFFSET $1 LIMIT 1
        ) c
        WHERE fn.feed IS NOT NULL
      ), doomed AS (
        SELECT e.feed, e.position FROM cutoffs c
        JOIN ${s}.feed_entries e ON e.feed = c.feed AND e.position <= c.upto
      ), ${removeEntries}`,
    removeOlderThan: `
      WITH doomed AS (
        SELECT e.feed, e.position FROM ${s}.notifications n
        JOIN ${s}.feed_entries e ON e.position = n.position
        WHERE n.created_at < $1
      ), ${removeEntries}`,
    /** Notifications no feed holds any more go, and their keys and read marks with them. */
    removeOrphans: `
      DELETE FROM ${s}.notifications n
      WHERE n.position = ANY($1::bigint[])
        AND NOT EXISTS (SELECT 1 FROM ${s}.feed_entries e WHERE e.position = n.position)`,
    ping: 'SELECT 1',
  };
}

export type PostgresQueries = ReturnType<typeof postgresQueries>;
