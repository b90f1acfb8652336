import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuthorityKind } from '@pit/domain';

// A body a need can be routed to: a commune, an EPCI, the Pôle, or an outside body (Département, Région, État).
@Entity('authority')
@Index('authority_kind_code_uq', ['kind', 'code'], { unique: true })
export class AuthorityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: AuthorityKind;

  /** INSEE code of a commune, SIREN of an EPCI or the Pôle, a short key for outside bodies. */
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** "de la commune d'Avrillé", "du Département de Maine-et-Loire": used in routing sentences. */
  @Column({ name: 'phrase_de', type: 'text' })
  phraseDe!: string;

  /** "à la Région Pays de la Loire": where residents are told to turn (outside bodies). */
  @Column({ name: 'phrase_a', type: 'text', nullable: true })
  phraseA!: string | null;

  @Column({ type: 'text', nullable: true })
  website!: string | null;
}
