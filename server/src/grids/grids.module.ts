import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Community, District, Grid, Street } from './grid.entities.js';
import { GridsController } from './grids.controller.js';
import { GridsService } from './grids.service.js';

/** The city's geography: districts, streets, communities, unit grids and the point → grid lookup. */
@Module({
  imports: [TypeOrmModule.forFeature([District, Street, Community, Grid])],
  controllers: [GridsController],
  providers: [GridsService],
  exports: [GridsService],
})
export class GridsModule {}
