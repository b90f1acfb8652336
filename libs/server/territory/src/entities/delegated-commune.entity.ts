import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CommuneEntity } from './commune.entity.js';

// A commune déléguée or former commune (e.g. Andard in Loire-Authion): residents name places by it.
@Entity('delegated_commune')
@Index('delegated_commune_code_commune_uq', ['code', 'communeCode'], { unique: true })
export class DelegatedCommuneEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'char', length: 5 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'search_name', type: 'text' })
  searchName!: string;

  @Index('delegated_commune_commune_idx')
  @Column({ name: 'commune_code', type: 'char', length: 5 })
  communeCode!: string;

  @ManyToOne(() => CommuneEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commune_code', foreignKeyConstraintName: 'delegated_commune_commune_fk' })
  commune?: CommuneEntity;
}
