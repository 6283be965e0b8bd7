import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { GridsModule } from '../grids/grids.module.js';
import { OrgModule } from '../org/org.module.js';
import { PrivacyModule } from '../privacy/privacy.module.js';
import { InspectorGrid, User } from './user.entity.js';
import { UsersAdminService } from './users-admin.service.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

/** Accounts, roles and inspectors' grids. Auth and privacy call back into it (hence the forward references). */
@Module({
  imports: [
    TypeOrmModule.forFeature([User, InspectorGrid]),
    OrgModule,
    GridsModule,
    forwardRef(() => AuthModule),
    forwardRef(() => PrivacyModule),
  ],
  controllers: [UsersController],
  providers: [UsersService, UsersAdminService],
  exports: [UsersService],
})
export class UsersModule {}
