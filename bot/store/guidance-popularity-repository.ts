import { sql } from 'kysely';
import type { Store } from './db.js';

/**
 * Read-only popularity of guidance articles for the compose box's empty query ("most asked"): how
 * often an article was voted on (people who got it as an answer) or suggested for an unanswered
 * question, in a recent window. Reads the guidance tables; owns none.
 */
export function createGuidancePopularityRepository(store: Store) {
  const { db } = store;
  return {
    async mostAsked(options: { since: string; limit: number }): Promise<string[]> {
      const votes = db
        .selectFrom('guidance_votes')
        .select(sql<string | null>`article_id`.as('article_id'))
        .where('created_at', '>=', options.since);
      const questions = db
        .selectFrom('guidance_questions')
        .select(['article_id'])
        .where('created_at', '>=', options.since)
        .where('article_id', 'is not', null);
      const rows = await db
        .selectFrom(votes.unionAll(questions).as('asked'))
        .select(['asked.article_id', sql<number>`count(*)`.as('n')])
        .groupBy('asked.article_id')
        .orderBy('n', 'desc')
        .orderBy('asked.article_id')
        .limit(options.limit)
        .execute();
      return rows.map((r) => r.article_id).filter((id): id is string => Boolean(id));
    },
  };
}
export type GuidancePopularityRepository = ReturnType<typeof createGuidancePopularityRepository>;
