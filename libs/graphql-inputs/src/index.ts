export {
  descriptionOf,
  generateInputs,
  writeInputs,
  type GraphqlInputTable,
  type InputsTarget,
} from './generate-graphql-inputs';
