import { Args, Field, Mutation, ObjectType, Query, Resolver, registerEnumType } from '@nestjs/graphql';
import { AccessService, type Actor } from '@pit/accounts';
import { CurrentActor } from '@pit/accounts/graphql';
import { NotificationsService, type NotificationMode } from '../notifications.service.js';

export enum NotificationModeEnum {
  IMMEDIATE = 'immediate',
  DIGEST = 'digest',
  OFF = 'off',
}
registerEnumType(NotificationModeEnum, {
  name: 'NotificationMode',
  description: 'How a person hears about the needs they take part in: an email per change, a daily digest (default), or nothing',
});

@ObjectType('NotificationSettings')
export class NotificationSettingsType {
  @Field(() => NotificationModeEnum)
  mode!: NotificationModeEnum;

  @Field(() => Boolean, { description: 'False without a confirmed email address: nothing can be sent' })
  canReceive!: boolean;
}

@Resolver()
export class NotificationsResolver {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly access: AccessService,
  ) {}

  @Query(() => NotificationSettingsType, { description: "The logged-in person's notification settings" })
  async myNotificationSettings(@CurrentActor() actor: Actor | null): Promise<NotificationSettingsType> {
    const self = await this.access.require(actor, 'account.self');
    const settings = await this.notifications.mode(self.personId);
    return { mode: settings.mode as NotificationModeEnum, canReceive: settings.canReceive };
  }

  @Mutation(() => NotificationSettingsType, { description: 'Chooses immediate emails, the daily digest or no notification' })
  async setNotificationMode(@CurrentActor() actor: Actor | null, @Args('mode', { type: () => NotificationModeEnum }) mode: NotificationModeEnum): Promise<NotificationSettingsType> {
    const self = await this.access.require(actor, 'account.self');
    await this.notifications.setMode(self.personId, mode as NotificationMode);
    return this.myNotificationSettings(self);
  }

  @Mutation(() => Boolean, { description: 'Switches notifications off from the link of an email (no login needed)' })
  async unsubscribeNotifications(@Args('token', { type: () => String }) token: string): Promise<boolean> {
    await this.notifications.unsubscribe(token.slice(0, 200));
    return true;
  }
}
