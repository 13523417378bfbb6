// The parts of Graph's subscription resource we read back
// (https://learn.microsoft.com/graph/api/resources/subscription). Everything else is ignored.
import { z } from 'zod';

export const subscriptionSchema = z.object({
  id: z.string().min(1),
  resource: z.string(),
  changeType: z.string(),
  notificationUrl: z.string(),
  expirationDateTime: z.string(),
});

export const subscriptionListSchema = z.object({ value: z.array(subscriptionSchema) });

export type GraphSubscription = z.infer<typeof subscriptionSchema>;
