import type { CoreTables } from './tables/core.js';
import type { GuidanceTables } from './tables/guidance.js';
import type { FeedbackTables } from './tables/feedback.js';
import type { LookupTables } from './tables/lookup.js';
import type { OnboardingTables } from './tables/onboarding.js';
import type { AnnouncementsTables } from './tables/announcements.js';
import type { ReliabilityTables } from './tables/reliability.js';
import type { MembershipTables } from './tables/membership.js';

/** The whole database as Kysely sees it; each capability declares its own tables in tables/<name>.ts. */
export interface Database
  extends
    CoreTables,
    GuidanceTables,
    FeedbackTables,
    LookupTables,
    OnboardingTables,
    AnnouncementsTables,
    ReliabilityTables,
    MembershipTables {}
