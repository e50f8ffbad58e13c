/**
 * Binds the model classes to one engine's Sequelize instance.
 *
 * Each engine gets its own subclass of every model, so two engines in one process never rebind
 * each other's models, and the exported classes stay pure definitions.
 *
 * @module
 */
import type { Model} from 'sequelize';
import { type ModelStatic, type Sequelize } from 'sequelize';
import type { SecretCipher } from '../secrets/secret-cipher.js';
import { allModels } from './all-models.js';
import { isSecretDecryptionError } from '../errors/secret-decryption-error.js';
import { markSecretError } from '../secrets/secret-errors.js';

/** The engine's bound Sequelize models, by model name. */
export type BoundModels = ReadonlyMap<string, ModelStatic<Model>>;

/**
 * Defines every model on `sequelize` and returns them by model name.
 *
 * @example
 * const models = bindModels(sequelize, cipher);
 * models.get('Agent')!.findAll({ transaction });
 */
export function bindModels(sequelize: Sequelize, cipher: SecretCipher): BoundModels {
  const bound = new Map<string, ModelStatic<Model>>();
  for (const model of allModels) {
    const { definition } = model;
    // every model class extends Model; allModels types them by their static definition only
    const Bound = class extends (model as unknown as typeof Model) {};
    Object.defineProperty(Bound, 'name', { value: definition.modelName });
    const attributes: Record<string, object> = { ...(definition.attributes as Record<string, object>) };
    for (const name of definition.encrypted ?? []) {
      // plaintext on the instance, ciphertext in the row
      attributes[name] = {
        ...attributes[name],
        get(this: Model) {
          try {
            return cipher.decrypt(this.getDataValue(name as never) as string | null);
          } catch (e) {
            // one unreadable row must not fail a list or a monitor sweep: {} plus the recorded error
            if (!isSecretDecryptionError(e)) throw e;
            markSecretError(this, e);
            return {};
          }
        },
        set(this: Model, value: Record<string, string> | null) {
          this.setDataValue(name as never, cipher.encrypt(value));
        },
      };
    }
    Bound.init(attributes as never, {
      sequelize,
      modelName: definition.modelName,
      tableName: definition.tableName,
      underscored: true,
      timestamps: definition.timestamps !== false,
      updatedAt: definition.timestamps === 'createdOnly' ? false : 'updatedAt',
      createdAt: definition.timestamps === false ? false : 'createdAt',
      version: definition.versioned ? 'version' : false,
    });
    bound.set(definition.modelName, Bound);
  }
  return bound;
}
